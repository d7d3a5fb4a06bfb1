package org.octflow.monitoring;

import org.octflow.contracts.v1.ClassProbability;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.Prediction;

import java.util.List;

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

    /**
     * A served prediction as the estimator reads it: its probabilities put in {@code classes}' order by label, sent to
     * review when its decision says REVIEW (a prediction without a rule counts as accepted).
     */
    public static ScoredScan of(Prediction prediction, List<String> classes) {
        float[] probabilities = new float[classes.size()];
        boolean[] seen = new boolean[classes.size()];
        for (ClassProbability p : prediction.getProbabilitiesList()) {
            int c = classes.indexOf(p.getLabel());
            if (c < 0) {
                throw new IllegalArgumentException("prediction gives a probability for '" + p.getLabel()
                        + "', which is not one of the model's classes " + classes + ": estimate per model version");
            }
            probabilities[c] = p.getProbability();
            seen[c] = true;
        }
        for (int c = 0; c < seen.length; c++) {
            if (!seen[c]) {
                throw new IllegalArgumentException("prediction gives no probability for '" + classes.get(c)
                        + "' of the model's classes " + classes + ": estimate per model version");
            }
        }
        return new ScoredScan(probabilities, prediction.getDecision() == Decision.REVIEW);
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
