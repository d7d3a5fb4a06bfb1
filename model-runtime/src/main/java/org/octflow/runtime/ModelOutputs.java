package org.octflow.runtime;

import java.util.Arrays;

/**
 * What one model run gives for its N scans.
 *
 * @param probabilities N x classes, row-major
 * @param evidence      N x height x width, row-major: per scan, the map of the class ranked first; null when the
 *                      model's manifest names no evidence output
 */
public record ModelOutputs(float[] probabilities, float[] evidence, int evidenceHeight, int evidenceWidth) {

    public static ModelOutputs probabilitiesOnly(float[] probabilities) {
        return new ModelOutputs(probabilities, null, 0, 0);
    }

    public boolean hasEvidence() {
        return evidence != null;
    }

    /** Scan {@code row}'s map, row-major over its height x width cells. */
    public float[] evidence(int row) {
        int cells = evidenceHeight * evidenceWidth;
        return Arrays.copyOfRange(evidence, row * cells, (row + 1) * cells);
    }
}
