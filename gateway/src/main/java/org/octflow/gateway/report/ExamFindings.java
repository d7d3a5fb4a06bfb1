package org.octflow.gateway.report;

import org.octflow.dicom.DicomUids;
import org.octflow.gateway.prediction.ClassScore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What an exam's report says, whatever its format (DICOM SR, FHIR): one finding per eye, the model, the DICOM objects
 * the B-scans came from, and the reviewer once every eye's result rests on a reviewer's label. Built from the database
 * by {@link ExamFindingsQuery}; holds no patient data (the gateway stores none).
 *
 * @param studyInstanceUid the exam id when it is a UID (DICOM-sourced exams), else one derived from it
 * @param sources          every B-scan's DICOM object and frame; empty for exams uploaded as PNG or JPEG
 * @param changedAt        the last time a prediction or review of the exam's B-scans was stored
 * @param version          1 + the reviews of the exam's B-scans: the SR's Instance Number
 */
public record ExamFindings(String examId, String studyInstanceUid, List<Eye> eyes, Model model, List<Source> sources,
                           Optional<Reviewer> verifiedBy, Instant changedAt, int version) {

    public ExamFindings {
        eyes = List.copyOf(eyes);
        sources = List.copyOf(sources);
    }

    /**
     * One eye's result.
     *
     * @param laterality    "R" or "L"
     * @param label         the decided class (a reviewer's, else the model's)
     * @param probability   the model's probability of that class on the deciding B-scan
     * @param probabilities the model's probability of every class on the deciding B-scan
     * @param sentToReview  the model sent the deciding B-scan to review (REVIEW) rather than accepting it
     * @param decidingScan  the scan id whose label the eye took
     * @param decidingSource its DICOM object and frame, if it came from one
     */
    public record Eye(String laterality, String label, double probability, List<ClassScore> probabilities,
                      boolean sentToReview, String decidingScan, Optional<Source> decidingSource) {
        public Eye {
            probabilities = List.copyOf(probabilities);
        }
    }

    public record Model(String name, String version, String sha256) {
    }

    public record Source(String scanId, String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
                         String sopClassUid, int frameNumber) {
    }

    /** The reviewer of the latest review among the eyes' deciding B-scans; a free-text name, never a key. */
    public record Reviewer(String name, Instant reviewedAt) {
    }

    public boolean verified() {
        return verifiedBy.isPresent();
    }

    /**
     * The report's SOP Instance UID: derived from everything the report says, so the same result gives the same UID
     * on every read and on every gateway, and any change (a review, a new prediction) gives a new one.
     */
    public String reportUid() {
        return DicomUids.fromName("octflow-exam-report:" + examId + ":" + version + ":" + sha256(toString()));
    }

    /** One SR series per exam: every version of its report files into it. */
    public String reportSeriesUid() {
        return DicomUids.fromName("octflow-exam-report-series:" + examId);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
