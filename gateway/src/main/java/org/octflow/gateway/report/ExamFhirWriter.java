package org.octflow.gateway.report;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.octflow.dicom.CodedConcept;
import org.octflow.dicom.RetinalFinding;
import org.octflow.gateway.prediction.ClassScore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;

/**
 * An exam's findings as a FHIR R4 Bundle of type collection: a DiagnosticReport (preliminary, final once verified)
 * whose results are one Observation per eye (the finding coded in SNOMED CT, the eye as body site, every class's
 * probability and the triage decision as components) made by a Device (the model: name, version, sha256). No Patient:
 * the gateway stores none; the report carries the DICOM SR's UID as identifier so the two can be matched.
 */
public final class ExamFhirWriter {
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String DICOM_UID = "urn:dicom:uid";
    /** Codes of our own (the SR's 99OCTFLOW scheme): no standard concept for a classifier's triage decision. */
    public static final String LOCAL = "urn:octflow:classifier";
    public static final String MODEL_SHA256 = "urn:octflow:model-sha256";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

    private final FhirContext context;

    public ExamFhirWriter(FhirContext context) {
        this.context = context;
    }

    public String json(ExamFindings findings) {
        return context.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle(findings));
    }

    Bundle bundle(ExamFindings findings) {
        String reportUid = findings.reportUid();
        boolean verified = findings.verified();
        DateTimeType when = dateTime(findings.changedAt());
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION)
                .setTimestamp(Date.from(findings.changedAt()));

        ExamFindings.Model model = findings.model();
        Device device = new Device().setManufacturer("OCTFlow");
        device.addIdentifier().setSystem(MODEL_SHA256).setValue(model.sha256());
        device.addDeviceName().setName(model.name()).setType(Device.DeviceNameType.MODELNAME);
        device.addVersion().setValue(model.version());
        String deviceUrl = add(bundle, device, reportUid + ":device");

        DiagnosticReport report = new DiagnosticReport()
                .setStatus(verified ? DiagnosticReport.DiagnosticReportStatus.FINAL
                        : DiagnosticReport.DiagnosticReportStatus.PRELIMINARY)
                .setCode(new CodeableConcept().setText("Retinal OCT B-scan classification (OCTFlow)"))
                .setEffective(when).setIssued(Date.from(findings.changedAt()));
        report.addIdentifier(new Identifier().setSystem(DICOM_UID).setValue("urn:oid:" + reportUid));
        findings.verifiedBy().ifPresent(reviewer -> report.addResultsInterpreter(new Reference()
                .setDisplay(reviewer.name())));
        List<String> conclusion = new ArrayList<>();
        for (ExamFindings.Eye eye : findings.eyes()) {
            Observation observation = observation(findings, eye, when, deviceUrl);
            report.addResult(new Reference(add(bundle, observation, reportUid + ":eye:" + eye.laterality())));
            report.addConclusionCode(observation.getValueCodeableConcept());
            conclusion.add(eyeName(eye.laterality()) + ": " + eye.label() + " (probability "
                    + String.format(java.util.Locale.ROOT, "%.3f", eye.probability()) + ", "
                    + (eye.sentToReview() ? "referred for review" : "accepted without review") + ")");
        }
        report.setConclusion(String.join("; ", conclusion) + (verified ? "; verified by a reviewer"
                : "; not verified by a reviewer"));
        // The report first: a reader of the collection starts there.
        bundle.getEntry().add(0, new Bundle.BundleEntryComponent().setFullUrl(uuidUrl(reportUid + ":report"))
                .setResource(report));
        return bundle;
    }

    private static Observation observation(ExamFindings findings, ExamFindings.Eye eye, DateTimeType when,
                                           String deviceUrl) {
        Observation observation = new Observation()
                .setStatus(findings.verified() ? Observation.ObservationStatus.FINAL
                        : Observation.ObservationStatus.PRELIMINARY)
                .setCode(new CodeableConcept(new Coding(SNOMED, "404684003", "Clinical finding"))
                        .setText("Retinal finding on OCT"))
                .setBodySite(new CodeableConcept(eyeCode(eye.laterality())))
                .setEffective(when.copy())
                .setDevice(new Reference(deviceUrl))
                .setValue(findingConcept(eye.label()));
        observation.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "imaging", "Imaging")));
        if (!findings.sources().isEmpty() && findings.studyInstanceUid().equals(findings.examId())) {
            observation.addDerivedFrom(new Reference().setType("ImagingStudy").setIdentifier(new Identifier()
                    .setSystem(DICOM_UID).setValue("urn:oid:" + findings.studyInstanceUid())));
        }
        for (ClassScore score : eye.probabilities()) {
            observation.addComponent()
                    .setCode(findingConcept(score.label()).setText("Probability of " + score.label()))
                    .setValue(new Quantity().setValue(score.probability()).setUnit("1").setSystem(UCUM)
                            .setCode("1"));
        }
        String decision = eye.sentToReview() ? "REVIEW" : "AUTO_ACCEPTED";
        observation.addComponent()
                .setCode(new CodeableConcept(new Coding(LOCAL, "DECISION", "Triage decision")))
                .setValue(new CodeableConcept(new Coding(LOCAL, decision, eye.sentToReview() ? "Referred for review"
                        : "Accepted without review")));
        return observation;
    }

    /** The class in SNOMED CT (the SR's codes, one owner: the dicom module), else its label as text. */
    static CodeableConcept findingConcept(String label) {
        Optional<CodedConcept> code = knownFinding(label).map(RetinalFinding::code);
        return code.map(c -> new CodeableConcept(new Coding(SNOMED, c.value(), c.meaning())).setText(label))
                .orElseGet(() -> new CodeableConcept().setText(label));
    }

    private static Optional<RetinalFinding> knownFinding(String label) {
        try {
            return Optional.of(RetinalFinding.ofLabel(label));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Active concepts (18944008 / 8966001 "Right/Left eye structure" are inactive since SNOMED CT 2024). */
    static Coding eyeCode(String laterality) {
        return "R".equals(laterality) ? new Coding(SNOMED, "362502000", "Entire right eye")
                : new Coding(SNOMED, "362503005", "Entire left eye");
    }

    private static String eyeName(String laterality) {
        return "R".equals(laterality) ? "right eye" : "left eye";
    }

    private static String add(Bundle bundle, Resource resource, String name) {
        String url = uuidUrl(name);
        bundle.addEntry().setFullUrl(url).setResource(resource);
        return url;
    }

    /** Stable per report version: the same result gives the same Bundle. */
    private static String uuidUrl(String name) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static DateTimeType dateTime(Instant at) {
        return new DateTimeType(Date.from(at), TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone("UTC"));
    }
}
