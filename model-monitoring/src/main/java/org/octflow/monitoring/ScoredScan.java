package org.octflow.monitoring;

/**
 * What the estimator needs of one served scan: its calibrated probabilities, in the model's class order, and whether
 * the review rule sent it to a clinician. No label: that is the point.
 */
public record ScoredScan(float[] probabilities, boolean sentToReview) {
    public ScoredScan {
        if (probabilities == null || probabilities.length < 2) {
            throw new IllegalArgumentException("a scored scan needs one probability per class (2 or more)");
        }
    }

    /** The class ranked first (the first of equals), as the translator labels a prediction. */
    public int predicted() {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
    }

    public double topProbability() {
        return probabilities[predicted()];
    }
}
