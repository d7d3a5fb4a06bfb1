package org.octflow.gateway.review;

import java.util.List;

/**
 * A scan's reviews with both answers: the model's label, which is never overwritten, and the final label (the
 * latest review's, or the model's while there is none).
 */
public record ReviewedScanView(String scanId, String modelLabel, String modelStatus, String finalLabel,
                               List<ReviewView> reviews) {
}
