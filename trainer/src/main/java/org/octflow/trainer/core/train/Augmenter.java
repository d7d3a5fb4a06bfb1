package org.octflow.trainer.core.train;

import org.octflow.preprocessing.GreyImage;
import org.octflow.trainer.core.config.AugmentationConfig;

import java.util.SplittableRandom;

/**
 * Perturbs a training image: shift, small rotation, horizontal flip, brightness/contrast, noise. Each image's draws
 * come from its own generator seeded by (seed, epoch, index), so results do not depend on batch order or threads.
 */
public final class Augmenter {
    private final AugmentationConfig config;

    public Augmenter(AugmentationConfig config) {
        this.config = config;
    }

    public boolean enabled() {
        return config.enabled();
    }

    public GreyImage augment(GreyImage image, long seed, int epoch, int index) {
        if (!config.enabled()) {
            return image;
        }
        SplittableRandom random = new SplittableRandom(mix(seed, epoch, index));
        int w = image.width();
        int h = image.height();
        double dx = uniform(random, config.maxShift());
        double dy = uniform(random, config.maxShift());
        double angle = Math.toRadians(uniform(random, config.maxRotationDegrees()));
        boolean flip = config.horizontalFlip() && random.nextBoolean();
        double brightness = uniform(random, config.brightness()) * 255;
        double contrast = 1 + uniform(random, config.contrast());
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;

        double[] warped = new double[w * h];
        double sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // Inverse mapping: where in the source does this output pixel come from?
                double ox = (flip ? w - 1 - x : x) - cx - dx;
                double oy = y - cy - dy;
                double sx = cos * ox + sin * oy + cx;
                double sy = -sin * ox + cos * oy + cy;
                double v = bilinear(image, sx, sy);
                warped[y * w + x] = v;
                sum += v;
            }
        }
        double mean = sum / warped.length;
        byte[] out = new byte[w * h];
        for (int i = 0; i < warped.length; i++) {
            double v = (warped[i] - mean) * contrast + mean + brightness;
            if (config.noiseStd() > 0) {
                v += gaussian(random) * config.noiseStd() * 255;
            }
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
        return new GreyImage(w, h, out);
    }

    /** Edge pixels repeat outside the image: OCT borders are dark noise, not black. */
    private static double bilinear(GreyImage image, double x, double y) {
        int w = image.width();
        int h = image.height();
        double cx = Math.max(0, Math.min(w - 1, x));
        double cy = Math.max(0, Math.min(h - 1, y));
        int x0 = (int) Math.floor(cx);
        int y0 = (int) Math.floor(cy);
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        double fx = cx - x0;
        double fy = cy - y0;
        double top = image.at(x0, y0) * (1 - fx) + image.at(x1, y0) * fx;
        double bottom = image.at(x0, y1) * (1 - fx) + image.at(x1, y1) * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private static double uniform(SplittableRandom random, double max) {
        return max == 0 ? 0 : (random.nextDouble() * 2 - 1) * max;
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = Math.max(1e-12, random.nextDouble());
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static long mix(long seed, int epoch, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
