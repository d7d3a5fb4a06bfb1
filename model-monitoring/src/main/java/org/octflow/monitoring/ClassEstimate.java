package org.octflow.monitoring;

/**
 * One class's expected figures in a window, from the probabilities alone.
 *
 * @param predicted          scans predicted as this class (observed)
 * @param expectedSupport    expected scans truly of this class: the sum of its probability over every scan
 * @param expectedPrecision  mean of this class's probability over the scans predicted as it; null when none is
 * @param precisionInterval  exact Poisson-binomial interval of that precision (plus the calibration margin); null
 *                           when none is predicted
 * @param expectedRecall     expected true positives / expected support, a ratio of two sums: a point estimate only
 */
public record ClassEstimate(String label, int predicted, double expectedSupport, Double expectedPrecision,
                            Interval precisionInterval, Double expectedRecall) {
}
