package org.octflow.monitoring;

import org.octflow.preprocessing.GreyImage;

/**
 * What the drift test needs of one served scan: its {@link ImageStatistics} (taken on the model-size image, where
 * the worker has it) and the model's probabilities.
 */
public record WindowScan(double[] imageStatistics, float[] probabilities) {
    public WindowScan {
        if (imageStatistics == null || imageStatistics.length != ImageStatistics.NAMES.size()) {
            throw new IllegalArgumentException("a window scan needs the " + ImageStatistics.NAMES.size()
                    + " image statistics " + ImageStatistics.NAMES);
        }
        if (probabilities == null || probabilities.length < 2) {
            throw new IllegalArgumentException("a window scan needs one probability per class (2 or more)");
        }
    }

    /** The scan as the model saw it (its model-size image) and what the model said. */
    public static WindowScan of(GreyImage modelSizeImage, float[] probabilities) {
        return new WindowScan(ImageStatistics.of(modelSizeImage), probabilities);
    }

    ScoredScan scored() {
        return new ScoredScan(probabilities, false);
    }
}
