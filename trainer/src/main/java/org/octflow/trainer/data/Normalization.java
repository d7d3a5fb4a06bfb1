package org.octflow.trainer.data;

import org.octflow.dataset.LabeledImages;

/** Mean and std of pixel/255 over the training images: the figures the manifest states and the worker applies. */
public record Normalization(double mean, double std) {

    public static Normalization of(LabeledImages train) {
        double sum = 0;
        double sumSq = 0;
        byte[] pixels = train.pixels();
        for (byte b : pixels) {
            double v = (b & 0xff) / 255.0;
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / pixels.length;
        double std = Math.sqrt(Math.max(sumSq / pixels.length - mean * mean, 1e-12));
        return new Normalization(mean, std);
    }
}
