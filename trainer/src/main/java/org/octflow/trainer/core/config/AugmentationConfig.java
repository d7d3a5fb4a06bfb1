package org.octflow.trainer.core.config;

/**
 * On-the-fly training-image perturbations; magnitudes are maxima, each draw uniform in [-max, max].
 *
 * @param maxShift      pixels, each axis
 * @param brightness    added, as a fraction of full scale
 * @param contrast      factor 1 +/- this around the image mean
 * @param noiseStd      Gaussian noise, as a fraction of full scale
 */
public record AugmentationConfig(boolean enabled, int maxShift, double maxRotationDegrees, boolean horizontalFlip,
                                 double brightness, double contrast, double noiseStd) {

    public static AugmentationConfig off() {
        return new AugmentationConfig(false, 0, 0, false, 0, 0, 0);
    }

    /** Mild: OCT B-scans are upright and lesions are small, so no vertical flips and small angles. */
    public static AugmentationConfig standard() {
        return new AugmentationConfig(true, 2, 10, true, 0.1, 0.15, 0.02);
    }
}
