package org.octflow.dicom;

/**
 * Every coded concept the exam report writes, in one place (the README's code table lists these). DCM codes are from
 * PS3.16 (the templates named beside them), SCT codes from SNOMED CT as DICOM and HL7 use them. What no standard
 * code expresses (the classifier's probability and its triage decision) is coded in the local scheme
 * {@link #LOCAL_SCHEME}, declared in Coding Scheme Identification Sequence (0008,0110) as PS3.3 C.12.1.1.5 asks.
 */
final class SrCodes {

    static final String LOCAL_SCHEME = "99OCTFLOW";

    // TID 1500 Measurement Report
    static final CodedConcept IMAGING_MEASUREMENT_REPORT = dcm("126000", "Imaging Measurement Report");
    static final CodedConcept LANGUAGE_OF_CONTENT = dcm("121049", "Language of Content Item and Descendants");
    static final CodedConcept ENGLISH = new CodedConcept("en", "RFC5646", "English");
    static final CodedConcept PROCEDURE_REPORTED = dcm("121058", "Procedure reported");
    static final CodedConcept OPHTHALMIC_TOMOGRAPHY = dcm("OPT", "Ophthalmic Tomography");
    static final CodedConcept IMAGE_LIBRARY = dcm("111028", "Image Library");
    static final CodedConcept IMAGE_LIBRARY_GROUP = dcm("126200", "Image Library Group");
    static final CodedConcept IMAGING_MEASUREMENTS = dcm("126010", "Imaging Measurements");
    // TID 1002 Observer Context, device observer (TID 1004)
    static final CodedConcept OBSERVER_TYPE = dcm("121005", "Observer Type");
    static final CodedConcept DEVICE = dcm("121007", "Device");
    static final CodedConcept DEVICE_OBSERVER_UID = dcm("121012", "Device Observer UID");
    static final CodedConcept DEVICE_OBSERVER_NAME = dcm("121013", "Device Observer Name");
    static final CodedConcept DEVICE_OBSERVER_MANUFACTURER = dcm("121014", "Device Observer Manufacturer");
    // TID 1501 Measurement and Qualitative Evaluation Group, TID 4108 Tracking Identifier
    static final CodedConcept MEASUREMENT_GROUP = dcm("125007", "Measurement Group");
    static final CodedConcept TRACKING_IDENTIFIER = dcm("112039", "Tracking Identifier");
    static final CodedConcept TRACKING_UID = dcm("112040", "Tracking Unique Identifier");
    static final CodedConcept FINDING = dcm("121071", "Finding");
    static final CodedConcept FINDING_SITE = sct("363698007", "Finding Site");
    static final CodedConcept RETINA = sct("5665001", "Retina");
    static final CodedConcept LATERALITY = sct("272741003", "Laterality");
    static final CodedConcept SOURCE_OF_MEASUREMENT = dcm("121112", "Source of Measurement");
    // TID 4019 Algorithm Identification
    static final CodedConcept ALGORITHM_NAME = dcm("111001", "Algorithm Name");
    static final CodedConcept ALGORITHM_VERSION = dcm("111003", "Algorithm Version");
    static final CodedConcept ALGORITHM_PARAMETERS = dcm("111002", "Algorithm Parameters");
    // No standard concept: the classifier's output and triage.
    static final CodedConcept PROBABILITY = local("PROBABILITY", "Probability of the finding");
    static final CodedConcept NO_UNITS = new CodedConcept("1", "UCUM", "no units");
    static final CodedConcept DECISION = local("DECISION", "Triage decision");

    private SrCodes() {
    }

    static CodedConcept dcm(String value, String meaning) {
        return new CodedConcept(value, "DCM", meaning);
    }

    static CodedConcept sct(String value, String meaning) {
        return new CodedConcept(value, "SCT", meaning);
    }

    static CodedConcept local(String value, String meaning) {
        return new CodedConcept(value, LOCAL_SCHEME, meaning);
    }
}
