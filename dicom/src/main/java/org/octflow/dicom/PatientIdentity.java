package org.octflow.dicom;

/**
 * Patient Name (0010,0010), Patient ID (0010,0020), Patient's Birth Date (0010,0030), kept to link results back to
 * the patient (e.g. in a Structured Report) and never logged: {@link #toString()} hides them. Empty when absent.
 */
public record PatientIdentity(String name, String id, String birthDate) {

    static PatientIdentity of(Attributes attributes) {
        return new PatientIdentity(attributes.string(Tag.PATIENT_NAME).orElse(""),
                attributes.string(Tag.PATIENT_ID).orElse(""), attributes.string(Tag.PATIENT_BIRTH_DATE).orElse(""));
    }

    @Override
    public String toString() {
        return "PatientIdentity[<hidden>]";
    }
}
