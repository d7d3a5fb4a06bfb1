package org.octflow.contracts.manifest;

/**
 * When a prediction is auto-accepted and when it goes to a clinician's review: accepted when its top calibrated
 * probability is at least {@code minTopProbability}. The trainer chose the threshold on val for {@code target};
 * the worker applies it to every prediction of this model.
 *
 * @param target what the threshold was chosen for, e.g. "auto-accepted scans at least 95 % accurate on val"
 * @param val    where the rule operates on val, where it was chosen
 * @param test   the same on test, never used to choose
 */
public record ReviewRule(double minTopProbability, String target, OperatingPoint val, OperatingPoint test) {

    /**
     * @param coverage           share of scans auto-accepted
     * @param acceptedAccuracy   accuracy of the auto-accepted scans (null when none is)
     * @param referableMissRate  share of referable scans (CNV, DME) auto-accepted as NORMAL or DRUSEN
     */
    public record OperatingPoint(int images, double coverage, Double acceptedAccuracy, double referableMissRate) {
    }

    public boolean accepts(float topProbability) {
        return topProbability >= minTopProbability;
    }
}
