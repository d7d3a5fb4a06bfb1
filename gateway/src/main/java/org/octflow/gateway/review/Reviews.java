package org.octflow.gateway.review;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.octflow.contracts.ContractLimits;
import org.octflow.gateway.api.dto.ReviewRequest;
import org.octflow.gateway.prediction.ClassScore;
import org.octflow.gateway.prediction.StoredPrediction;
import org.octflow.gateway.query.PageView;
import org.octflow.gateway.query.PredictionQueries;
import org.octflow.gateway.report.ReportDeliveries;
import org.octflow.gateway.scan.Scan;
import org.octflow.gateway.scan.ScanStatus;
import org.octflow.gateway.security.KeyId;

import java.time.Clock;
import java.util.List;

/**
 * Records reviewers' verdicts as audit rows and reads them back. A review never touches the prediction: the model's
 * answer stays as the worker gave it, and the final label is read from the reviews. Scans sent straight to Kafka by
 * imaging systems (a prediction without a gateway scan row) are reviewed the same way.
 */
@ApplicationScoped
public class Reviews {
    static final int MAX_NOTE_CHARS = ContractLimits.MAX_REASON_CHARS;
    static final int MAX_REVIEWER_CHARS = 100;

    private final Clock clock;
    private final MeterRegistry registry;
    private final ReportDeliveries reports;

    public Reviews(Clock clock, MeterRegistry registry, ReportDeliveries reports) {
        this.clock = clock;
        this.registry = registry;
        this.reports = reports;
    }

    /** Records {@code request} as {@code key}'s review of the scan's prediction. */
    @Transactional
    public ReviewView record(String scanId, ReviewRequest request, KeyId key) {
        if (request == null || request.label() == null || request.label().isBlank()) {
            throw new ReviewRefused(400, "a review needs a label: send {\"label\":\"<one of the model's classes>\"},"
                    + " optionally with \"note\" and \"reviewer\"");
        }
        if (request.note() != null && request.note().length() > MAX_NOTE_CHARS) {
            throw new ReviewRefused(400, "the note has " + request.note().length() + " characters; at most "
                    + MAX_NOTE_CHARS + " are kept: shorten it");
        }
        if (request.reviewer() != null && request.reviewer().length() > MAX_REVIEWER_CHARS) {
            throw new ReviewRefused(400, "the reviewer's name has more than " + MAX_REVIEWER_CHARS
                    + " characters: give a name or initials");
        }
        StoredPrediction prediction = predictionToReview(scanId);
        List<String> classes = prediction.probabilities.stream().map(ClassScore::label).toList();
        String label = request.label().trim();
        if (!classes.contains(label)) {
            // The sent label is not repeated: it is free text from the client.
            throw new ReviewRefused(400, "the label is not one of the classes of model " + prediction.modelName
                    + " " + prediction.modelVersion + ": use one of " + String.join(", ", classes));
        }
        ScanReview review = new ScanReview();
        review.scanId = prediction.scanId;
        review.reviewerKey = key.hex();
        review.reviewerName = blankToNull(request.reviewer());
        review.modelName = prediction.modelName;
        review.modelVersion = prediction.modelVersion;
        review.modelSha256 = prediction.modelSha256;
        review.modelLabel = prediction.label;
        review.modelStatus = prediction.status.name();
        review.finalLabel = label;
        review.note = blankToNull(request.note());
        review.reviewedAt = clock.instant();
        review.persist();
        reports.changed(prediction.examId); // the exam's result may have changed: its report is due again
        ReviewView view = ReviewView.of(review);
        counter(view).increment();
        return view;
    }

    /** The scan's reviews, oldest first, with the model's label and the final one. */
    @Transactional
    public ReviewedScanView history(String scanId) {
        StoredPrediction prediction = StoredPrediction.findById(scanId);
        if (prediction == null && Scan.findById(scanId) == null) {
            throw new ReviewRefused(404, "no scan " + scanId + ": check the id from the submission or the queue");
        }
        List<ReviewView> reviews = ScanReview.ofScan(scanId).stream().map(ReviewView::of).toList();
        if (prediction == null) {
            return new ReviewedScanView(scanId, null, null, null, reviews);
        }
        String finalLabel = reviews.isEmpty() ? prediction.label : reviews.get(reviews.size() - 1).finalLabel();
        return new ReviewedScanView(scanId, prediction.label, prediction.status.name(), finalLabel, reviews);
    }

    /**
     * Each reviewed scan's latest review, newest first: what a site exports to fine-tune on its own scans. A scan
     * reviewed twice appears once, with the label that stands.
     */
    @Transactional
    public PageView<ReviewView> latest(int page, int size) {
        PredictionQueries.checkPage(page, size);
        String latest = " FROM ScanReview r WHERE NOT EXISTS (SELECT n.id FROM ScanReview n WHERE n.scanId = r.scanId"
                + " AND (n.reviewedAt > r.reviewedAt OR (n.reviewedAt = r.reviewedAt AND n.id > r.id)))";
        var entityManager = ScanReview.getEntityManager();
        long total = entityManager.createQuery("SELECT count(r)" + latest, Long.class).getSingleResult();
        List<ReviewView> items = entityManager.createQuery("SELECT r" + latest + " ORDER BY r.reviewedAt DESC, r.id"
                        + " DESC", ScanReview.class).setFirstResult(page * size).setMaxResults(size).getResultList()
                .stream().map(ReviewView::of).toList();
        return new PageView<>(items, page, size, total, (int) ((total + size - 1) / size));
    }

    /** The prediction a review may be recorded for, or the reason there is none (404 unknown, 409 not yet or never). */
    private static StoredPrediction predictionToReview(String scanId) {
        StoredPrediction prediction = StoredPrediction.findById(scanId);
        if (prediction != null) {
            return prediction;
        }
        Scan scan = Scan.findById(scanId);
        if (scan == null) {
            throw new ReviewRefused(404, "no scan " + scanId + ": check the id from the submission or the queue");
        }
        if (scan.status == ScanStatus.FAILED) {
            throw new ReviewRefused(409, "scan " + scanId + " failed (" + scan.errorCode + "): there is no prediction"
                    + " to review; send the scan again if it should be classified");
        }
        throw new ReviewRefused(409, "scan " + scanId + " is still " + scan.status + ": review it once a worker has"
                + " answered (GET /api/v1/scans/" + scanId + ")");
    }

    private Counter counter(ReviewView view) {
        return Counter.builder("octflow.gateway.reviews")
                .description("Reviews recorded: of scans the model sent to review, or spot checks of auto-accepted"
                        + " ones; agrees says whether the reviewer kept the model's label")
                .tag("kind", view.spotCheck() ? "spot-check" : "review")
                .tag("agrees", String.valueOf(view.agrees()))
                .register(registry);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
