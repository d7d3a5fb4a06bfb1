package org.octflow.dicom;

/**
 * The patient and study an exam report belongs to, copied from the source volume so the report files into the same
 * study (PS3.3 C.7.1.1 Patient, C.7.2.1 General Study). Study Instance UID is required; the others are Type 2 and
 * may be "" when the source had none. Dates are DA (YYYYMMDD), times TM, sex "M", "F", "O" or "". Never logged:
 * {@link #toString()} shows the study UID only.
 */
public record ReportedStudy(String studyInstanceUid, String patientId, String patientName, String patientBirthDate,
                            String patientSex, String accessionNumber, String studyDate, String studyTime,
                            String studyId, String referringPhysicianName) {

    public ReportedStudy {
        ValueRules.requirePresent("studyInstanceUid", Vr.UI, studyInstanceUid);
        ValueRules.require("patientId", Vr.LO, patientId);
        ValueRules.require("patientName", Vr.PN, patientName);
        ValueRules.require("patientBirthDate", Vr.DA, patientBirthDate);
        ValueRules.require("patientSex", Vr.CS, patientSex);
        if (!patientSex.isEmpty() && !patientSex.matches("[MFO]")) {
            throw new IllegalArgumentException("patientSex is not \"M\", \"F\", \"O\" or empty");
        }
        ValueRules.require("accessionNumber", Vr.SH, accessionNumber);
        ValueRules.require("studyDate", Vr.DA, studyDate);
        ValueRules.require("studyTime", Vr.TM, studyTime);
        ValueRules.require("studyId", Vr.SH, studyId);
        ValueRules.require("referringPhysicianName", Vr.PN, referringPhysicianName);
    }

    /** The identifiers of the source volume's data set (an {@link OctVolume#attributes()}); absent ones are "". */
    public static ReportedStudy of(Attributes source) {
        return new ReportedStudy(source.string(Tag.STUDY_INSTANCE_UID).orElse(""),
                source.string(Tag.PATIENT_ID).orElse(""), source.string(Tag.PATIENT_NAME).orElse(""),
                source.string(Tag.PATIENT_BIRTH_DATE).orElse(""), source.string(Tag.PATIENT_SEX).orElse(""),
                source.string(Tag.ACCESSION_NUMBER).orElse(""), source.string(Tag.STUDY_DATE).orElse(""),
                source.string(Tag.STUDY_TIME).orElse(""), source.string(Tag.STUDY_ID).orElse(""),
                source.string(Tag.REFERRING_PHYSICIAN_NAME).orElse(""));
    }

    @Override
    public String toString() {
        return "ReportedStudy[" + studyInstanceUid + ", patient <hidden>]";
    }
}
