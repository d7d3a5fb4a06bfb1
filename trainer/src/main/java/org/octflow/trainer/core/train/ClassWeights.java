package org.octflow.trainer.core.train;

/** Inverse-frequency loss weights, scaled so that an evenly spread set would weigh 1 per class. */
public final class ClassWeights {
    private ClassWeights() {
    }

    public static float[] inverseFrequency(int[] counts) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        float[] weights = new float[counts.length];
        for (int c = 0; c < counts.length; c++) {
            weights[c] = counts[c] == 0 ? 0f : (float) (total / (double) (counts.length * counts[c]));
        }
        return weights;
    }
}
