package org.octflow.gateway.review;

import java.time.Instant;

/**
 * One review as the API shows it: the model's label beside the reviewer's.
 *
 * @param reviewerKey the first 8 hex digits of the SHA-256 of the API key used (keys are per role, not per person)
 * @param spotCheck   the model had auto-accepted the scan (DONE): counted apart from reviews of REVIEW scans
 */
public record ReviewView(long id, String scanId, String reviewerKey, String reviewerName, String modelName,
                         String modelVersion, String modelSha256, String modelLabel, String finalLabel,
                         boolean agrees, boolean spotCheck, String note, Instant reviewedAt) {

    static ReviewView of(ScanReview r) {
        return new ReviewView(r.id, r.scanId, r.reviewerKey.substring(0, 8), r.reviewerName, r.modelName,
                r.modelVersion, r.modelSha256, r.modelLabel, r.finalLabel, r.finalLabel.equals(r.modelLabel),
                "DONE".equals(r.modelStatus), r.note, r.reviewedAt);
    }
}
