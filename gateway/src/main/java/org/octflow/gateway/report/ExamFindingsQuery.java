package org.octflow.gateway.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.octflow.gateway.api.NotFoundProblem;
import org.octflow.gateway.exam.BScan;
import org.octflow.gateway.exam.ExamQueries;
import org.octflow.gateway.exam.ExamView;
import org.octflow.gateway.prediction.ClassScore;
import org.octflow.gateway.prediction.StoredPrediction;
import org.octflow.gateway.review.ScanReview;
import org.octflow.gateway.scan.ScanDicomSource;
import org.octflow.gateway.scan.ScanStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An exam's findings as its reports state them, read in one transaction from the exam's result (the exam rule), the
 * deciding B-scans' predictions and reviews, and the DICOM sources of its B-scans.
 */
@ApplicationScoped
@Transactional
public class ExamFindingsQuery {
    /** PS3.5 9.1: digits in dot-separated components without leading zeros, at most 64 characters. */
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final int PN_GROUP_MAX = 64;

    private final ExamQueries exams;

    public ExamFindingsQuery(ExamQueries exams) {
        this.exams = exams;
    }

    /**
     * @throws NotFoundProblem    when no scan names the exam
     * @throws ReportUnavailable  while an eye has no result, or states no eye, or its eyes came from different models
     */
    public ExamFindings findings(String examId) {
        ExamView exam = exams.exam(examId).orElseThrow(() -> new NotFoundProblem("no exam " + examId
                + ": no scan was submitted with this examId"));
        for (ExamView.Eye eye : exam.eyes()) {
            if (eye.laterality() == null) {
                throw new ReportUnavailable("exam " + examId + " has B-scans that state no eye (R or L): a report"
                        + " gives one finding per eye; submit them with laterality");
            }
            if (!ScanStatus.DONE.name().equals(eye.result().status())) {
                throw new ReportUnavailable("exam " + examId + " has no result for eye " + eye.laterality() + " yet ("
                        + eye.result().status() + ": " + eye.result().why() + "); ask again once it has one");
            }
        }
        List<String> scanIds = exam.eyes().stream().flatMap(eye -> eye.bScans().stream()).map(BScan::scanId)
                .toList();
        Map<String, StoredPrediction> predictions = StoredPrediction.<StoredPrediction>list("scanId in ?1", scanIds)
                .stream().collect(Collectors.toMap(p -> p.scanId, Function.identity()));
        List<ScanReview> reviews = ScanReview.list("scanId in ?1 order by reviewedAt, id", scanIds);
        String studyUid = isUid(examId) ? examId : org.octflow.dicom.DicomUids.fromName("octflow-exam:" + examId);
        List<ExamFindings.Source> sources = ScanDicomSource.<ScanDicomSource>list("scanId in ?1", scanIds).stream()
                .map(s -> new ExamFindings.Source(s.scanId, s.studyInstanceUid, s.seriesInstanceUid, s.sopInstanceUid,
                        s.sopClassUid, s.frameNumber))
                .sorted(Comparator.comparing(ExamFindings.Source::sopInstanceUid)
                        .thenComparingInt(ExamFindings.Source::frameNumber)
                        .thenComparing(ExamFindings.Source::scanId))
                .toList();

        List<ExamFindings.Eye> eyes = new ArrayList<>();
        Set<ExamFindings.Model> models = new HashSet<>();
        List<ScanReview> decidingReviews = new ArrayList<>();
        boolean everyEyeReviewed = true;
        for (ExamView.Eye eye : exam.eyes()) {
            String scanId = eye.result().decidedBy();
            StoredPrediction prediction = predictions.get(scanId);
            if (prediction == null) { // a decided B-scan always has its prediction; say so rather than fail obscurely
                throw new ReportUnavailable("exam " + examId + ": the prediction of scan " + scanId + " is missing");
            }
            models.add(new ExamFindings.Model(prediction.modelName, prediction.modelVersion, prediction.modelSha256));
            String label = eye.result().label();
            double probability = prediction.probabilities.stream().filter(c -> c.label().equalsIgnoreCase(label))
                    .mapToDouble(ClassScore::probability).findFirst().orElse(0);
            Optional<ScanReview> review = reviews.stream().filter(r -> r.scanId.equals(scanId))
                    .reduce((first, second) -> second);
            review.ifPresent(decidingReviews::add);
            everyEyeReviewed &= review.isPresent();
            eyes.add(new ExamFindings.Eye(eye.laterality(), label, probability, prediction.probabilities,
                    prediction.status == ScanStatus.REVIEW, scanId,
                    sources.stream().filter(s -> s.scanId().equals(scanId)).findFirst()));
        }
        if (models.size() > 1) {
            throw new ReportUnavailable("exam " + examId + ": its eyes were decided by different models ("
                    + models.stream().map(m -> m.name() + " " + m.version()).sorted().collect(Collectors.joining(", "))
                    + "); a report names one algorithm");
        }
        Optional<ExamFindings.Reviewer> verifiedBy = everyEyeReviewed
                ? decidingReviews.stream().max(Comparator.comparing((ScanReview r) -> r.reviewedAt)
                        .thenComparing(r -> r.id)).map(ExamFindingsQuery::reviewer)
                : Optional.empty();
        Instant changedAt = Stream.concat(predictions.values().stream().map(p -> p.storedAt),
                reviews.stream().map(r -> r.reviewedAt)).filter(Objects::nonNull).max(Comparator.naturalOrder())
                .orElseThrow();
        return new ExamFindings(examId, studyUid, eyes, models.iterator().next(), sources, verifiedBy, changedAt,
                1 + reviews.size());
    }

    static boolean isUid(String value) {
        return value.length() <= 64 && UID.matcher(value).matches();
    }

    /** The name the reviewer gave, fit for a DICOM person name; else the key's short hash, as the API shows it. */
    private static ExamFindings.Reviewer reviewer(ScanReview review) {
        String name = review.reviewerName == null ? "" : review.reviewerName.replaceAll("[\\\\\\p{Cntrl}=]", " ")
                .strip();
        if (name.isEmpty()) {
            name = "reviewer key " + review.reviewerKey.substring(0, Math.min(8, review.reviewerKey.length()));
        }
        return new ExamFindings.Reviewer(name.length() > PN_GROUP_MAX ? name.substring(0, PN_GROUP_MAX).strip() : name,
                review.reviewedAt);
    }
}
