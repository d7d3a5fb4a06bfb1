package org.octflow.monitoring;

import java.util.List;

/**
 * What a window of served scans is expected to score, estimated without labels (see {@link AccuracyEstimator}).
 *
 * @param scans                     scans in the window
 * @param expectedAccuracy          mean top probability
 * @param accuracyInterval          where the window's real accuracy lies with probability {@code level} if the
 *                                  probabilities are calibrated on this window's scans
 * @param perClass                  in the model's class order
 * @param reviewShare               share of the window the review rule sent to review (observed, no label needed)
 * @param reviewShareInterval       Wilson interval of the site's underlying review rate
 * @param expectedAcceptedAccuracy  expected accuracy of the auto-accepted scans; null when none was accepted
 * @param acceptedAccuracyInterval  its exact Poisson-binomial interval; null when none was accepted
 * @param calibrationMargin         how far every accuracy and precision interval was widened for calibration error
 */
public record AccuracyEstimate(int scans, double expectedAccuracy, Interval accuracyInterval,
                               List<ClassEstimate> perClass, double reviewShare, Interval reviewShareInterval,
                               Double expectedAcceptedAccuracy, Interval acceptedAccuracyInterval,
                               double calibrationMargin) {
    public AccuracyEstimate {
        perClass = List.copyOf(perClass);
    }
}
