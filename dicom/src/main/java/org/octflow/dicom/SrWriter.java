package org.octflow.dicom;

import java.io.IOException;
import java.io.OutputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link ExamReport} as a Comprehensive SR (SOP class 1.2.840.10008.5.1.4.1.1.88.33), a DICOM Part 10 file
 * in Explicit VR Little Endian. The content follows TID 1500 Measurement Report: language, device observer,
 * procedure, an Image Library of the source objects, and per eye a TID 1501 measurement group with the finding,
 * finding site and laterality, the algorithm (TID 4019), the probability inferred from the deciding B-scan, and the
 * triage decision. The header copies the patient and study from the source, lists the sources in Current Requested
 * Procedure Evidence Sequence, and is VERIFIED (with the reviewer as Verifying Observer) or UNVERIFIED. Patient
 * identifiers are written in their attributes only, never into text content. The README has the tree and the codes.
 */
public final class SrWriter {

    static final String MANUFACTURER = "OCTFlow";
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("Z");

    private final DataSetBuilder.SequenceLength sequenceLength;

    public SrWriter() {
        this(DataSetBuilder.SequenceLength.DEFINED);
    }

    SrWriter(DataSetBuilder.SequenceLength sequenceLength) {
        this.sequenceLength = sequenceLength;
    }

    public byte[] write(ExamReport report) {
        return new Part10FileWriter().write(SopClass.COMPREHENSIVE_SR.uid(), report.instance().sopInstanceUid(),
                dataSet(report), sequenceLength);
    }

    public void write(ExamReport report, OutputStream out) throws IOException {
        out.write(write(report));
    }

    private static DataSetBuilder dataSet(ExamReport report) {
        ReportInstance instance = report.instance();
        ReportedStudy study = report.study();
        OffsetDateTime created = instance.contentDateTime();
        DataSetBuilder data = new DataSetBuilder()
                // SOP Common
                .text(Tag.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192")
                .text(SrTags.INSTANCE_CREATION_DATE, Vr.DA, created.format(DA))
                .text(SrTags.INSTANCE_CREATION_TIME, Vr.TM, created.format(TM))
                .uid(Tag.SOP_CLASS_UID, SopClass.COMPREHENSIVE_SR.uid())
                .uid(Tag.SOP_INSTANCE_UID, instance.sopInstanceUid())
                .text(SrTags.TIMEZONE_OFFSET_FROM_UTC, Vr.SH, created.format(OFFSET))
                .sequence(SrTags.CODING_SCHEME_IDENTIFICATION_SEQUENCE, new DataSetBuilder()
                        .text(SrTags.CODING_SCHEME_DESIGNATOR, Vr.SH, SrCodes.LOCAL_SCHEME)
                        .text(SrTags.CODING_SCHEME_NAME, Vr.ST, "OCTFlow classifier output")
                        .text(SrTags.CODING_SCHEME_RESPONSIBLE_ORGANIZATION, Vr.ST, MANUFACTURER))
                // Patient, General Study: copied from the source
                .text(Tag.PATIENT_NAME, Vr.PN, study.patientName())
                .text(Tag.PATIENT_ID, Vr.LO, study.patientId())
                .text(Tag.PATIENT_BIRTH_DATE, Vr.DA, study.patientBirthDate())
                .text(Tag.PATIENT_SEX, Vr.CS, study.patientSex())
                .uid(Tag.STUDY_INSTANCE_UID, study.studyInstanceUid())
                .text(Tag.STUDY_DATE, Vr.DA, study.studyDate())
                .text(Tag.STUDY_TIME, Vr.TM, study.studyTime())
                .text(Tag.REFERRING_PHYSICIAN_NAME, Vr.PN, study.referringPhysicianName())
                .text(Tag.STUDY_ID, Vr.SH, study.studyId())
                .text(Tag.ACCESSION_NUMBER, Vr.SH, study.accessionNumber())
                // SR Document Series, General Equipment
                .text(Tag.MODALITY, Vr.CS, "SR")
                .uid(Tag.SERIES_INSTANCE_UID, instance.seriesInstanceUid())
                .text(SrTags.SERIES_NUMBER, Vr.IS, "1")
                .text(SrTags.SERIES_DESCRIPTION, Vr.LO, "OCTFlow OCT classification")
                .sequence(SrTags.REFERENCED_PERFORMED_PROCEDURE_STEP_SEQUENCE, List.of())
                .text(SrTags.MANUFACTURER, Vr.LO, MANUFACTURER)
                // SR Document General
                .text(SrTags.INSTANCE_NUMBER, Vr.IS, Integer.toString(instance.instanceNumber()))
                .text(SrTags.CONTENT_DATE, Vr.DA, created.format(DA))
                .text(SrTags.CONTENT_TIME, Vr.TM, created.format(TM))
                .text(SrTags.COMPLETION_FLAG, Vr.CS, "COMPLETE")
                .text(SrTags.VERIFICATION_FLAG, Vr.CS, report.verified() ? "VERIFIED" : "UNVERIFIED")
                .text(SrTags.PRELIMINARY_FLAG, Vr.CS, report.verified() ? "FINAL" : "PRELIMINARY")
                .sequence(SrTags.PERFORMED_PROCEDURE_CODE_SEQUENCE, List.of());
        if (!report.sources().isEmpty()) {
            // Type 1C (PS3.3 C.17.2): required when the report refers to images; empty sequences are not allowed.
            data.sequence(SrTags.CURRENT_REQUESTED_PROCEDURE_EVIDENCE_SEQUENCE, evidence(report));
        }
        report.verification().ifPresent(verification -> data.sequence(SrTags.VERIFYING_OBSERVER_SEQUENCE,
                new DataSetBuilder()
                        .text(SrTags.VERIFYING_OBSERVER_NAME, Vr.PN, verification.verifierName())
                        .sequence(SrTags.VERIFYING_OBSERVER_IDENTIFICATION_CODE_SEQUENCE, List.of())
                        .text(SrTags.VERIFYING_ORGANIZATION, Vr.LO, verification.organization())
                        .text(SrTags.VERIFICATION_DATE_TIME, Vr.DT, verification.verifiedAt().format(DT))));
        // SR Document Content: the root container
        data.sequence(SrTags.CONTENT_TEMPLATE_SEQUENCE, new DataSetBuilder()
                .text(SrTags.MAPPING_RESOURCE, Vr.CS, "DCMR")
                .text(SrTags.TEMPLATE_IDENTIFIER, Vr.CS, "1500"));
        return SrContent.containerBody(data, SrCodes.IMAGING_MEASUREMENT_REPORT, content(report));
    }

    /** One study item; its sources grouped by series (PS3.3 C.17.2.3 Hierarchical SOP Instance Reference). */
    private static DataSetBuilder evidence(ExamReport report) {
        Map<String, List<DataSetBuilder>> bySeries = new LinkedHashMap<>();
        for (SourceInstance source : report.sources()) {
            bySeries.computeIfAbsent(source.seriesInstanceUid(), series -> new ArrayList<>()).add(new DataSetBuilder()
                    .uid(SrTags.REFERENCED_SOP_CLASS_UID, source.sopClassUid())
                    .uid(SrTags.REFERENCED_SOP_INSTANCE_UID, source.sopInstanceUid()));
        }
        List<DataSetBuilder> series = new ArrayList<>();
        bySeries.forEach((uid, instances) -> series.add(new DataSetBuilder()
                .uid(Tag.SERIES_INSTANCE_UID, uid)
                .sequence(SrTags.REFERENCED_SOP_SEQUENCE, instances)));
        return new DataSetBuilder()
                .uid(Tag.STUDY_INSTANCE_UID, report.study().studyInstanceUid())
                .sequence(SrTags.REFERENCED_SERIES_SEQUENCE, series);
    }

    private static List<DataSetBuilder> content(ExamReport report) {
        AlgorithmIdentity algorithm = report.algorithm();
        List<DataSetBuilder> root = new ArrayList<>(List.of(
                SrContent.codeItem(SrContent.HAS_CONCEPT_MOD, SrCodes.LANGUAGE_OF_CONTENT, SrCodes.ENGLISH),
                SrContent.codeItem(SrContent.HAS_OBS_CONTEXT, SrCodes.OBSERVER_TYPE, SrCodes.DEVICE),
                SrContent.uidItem(SrContent.HAS_OBS_CONTEXT, SrCodes.DEVICE_OBSERVER_UID,
                        algorithm.deviceObserverUid()),
                SrContent.textItem(SrContent.HAS_OBS_CONTEXT, SrCodes.DEVICE_OBSERVER_NAME, MANUFACTURER),
                SrContent.textItem(SrContent.HAS_OBS_CONTEXT, SrCodes.DEVICE_OBSERVER_MANUFACTURER, MANUFACTURER),
                SrContent.codeItem(SrContent.HAS_CONCEPT_MOD, SrCodes.PROCEDURE_REPORTED,
                        SrCodes.OPHTHALMIC_TOMOGRAPHY)));
        List<DataSetBuilder> library = report.sources().stream()
                .map(source -> SrContent.imageItem(SrContent.CONTAINS, null, source.sopClassUid(),
                        source.sopInstanceUid(), 0))
                .toList();
        if (!library.isEmpty()) { // TID 1500's Image Library is optional (U): left out when there is no image
            root.add(SrContent.container(SrContent.CONTAINS, SrCodes.IMAGE_LIBRARY,
                    List.of(SrContent.container(SrContent.CONTAINS, SrCodes.IMAGE_LIBRARY_GROUP, library))));
        }
        List<DataSetBuilder> groups = report.eyes().stream()
                .map(eye -> measurementGroup(report, eye))
                .toList();
        root.add(SrContent.container(SrContent.CONTAINS, SrCodes.IMAGING_MEASUREMENTS, groups));
        return root;
    }

    /** TID 1501 for one eye. */
    private static DataSetBuilder measurementGroup(ExamReport report, EyeFinding eye) {
        AlgorithmIdentity algorithm = report.algorithm();
        DataSetBuilder[] sourceOfMeasurement = eye.decidingScan().map(scan -> new DataSetBuilder[] {
                SrContent.imageItem(SrContent.INFERRED_FROM, SrCodes.SOURCE_OF_MEASUREMENT, scan.sopClassUid(),
                        scan.sopInstanceUid(), scan.frameNumber())}).orElse(new DataSetBuilder[0]);
        String eyeName = eye.laterality() == Laterality.RIGHT ? "right eye" : "left eye";
        return SrContent.container(SrContent.CONTAINS, SrCodes.MEASUREMENT_GROUP, List.of(
                SrContent.textItem(SrContent.HAS_OBS_CONTEXT, SrCodes.TRACKING_IDENTIFIER, eyeName),
                // Stable across the reports of one study, so a reader can follow the eye from report to report.
                SrContent.uidItem(SrContent.HAS_OBS_CONTEXT, SrCodes.TRACKING_UID, DicomUids.fromName(
                        "octflow-eye:" + report.study().studyInstanceUid() + ":" + eye.laterality().dicomValue())),
                SrContent.codeItem(SrContent.HAS_CONCEPT_MOD, SrCodes.FINDING, eye.finding().code()),
                SrContent.codeItem(SrContent.HAS_CONCEPT_MOD, SrCodes.FINDING_SITE, SrCodes.RETINA,
                        SrContent.codeItem(SrContent.HAS_CONCEPT_MOD, SrCodes.LATERALITY, eye.laterality().code())),
                SrContent.textItem(SrContent.HAS_CONCEPT_MOD, SrCodes.ALGORITHM_NAME, algorithm.name()),
                SrContent.textItem(SrContent.HAS_CONCEPT_MOD, SrCodes.ALGORITHM_VERSION, algorithm.version()),
                SrContent.textItem(SrContent.HAS_CONCEPT_MOD, SrCodes.ALGORITHM_PARAMETERS,
                        "sha256=" + algorithm.sha256()),
                SrContent.numItem(SrContent.CONTAINS, SrCodes.PROBABILITY, eye.probability(), SrCodes.NO_UNITS,
                        sourceOfMeasurement),
                SrContent.codeItem(SrContent.CONTAINS, SrCodes.DECISION, eye.decision().code())));
    }
}
