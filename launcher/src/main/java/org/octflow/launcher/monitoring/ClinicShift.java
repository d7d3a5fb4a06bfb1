package org.octflow.launcher.monitoring;

import org.octflow.preprocessing.GreyImage;
import org.octflow.preprocessing.SquareResampler;

import java.util.Random;

/**
 * Shifts that happen between clinics, simulated on a model-size (28x28) validation image before it is normalised
 * for the model; the drift test's power is measured against each, at a clear and at a slight strength.
 */
public enum ClinicShift {
    BRIGHTER_20(Kind.BRIGHTNESS, 20, "brightness +20 grey levels (another device's gain)"),
    BRIGHTER_5(Kind.BRIGHTNESS, 5, "brightness +5 grey levels"),
    CONTRAST_0_7(Kind.CONTRAST, 0.7, "contrast x0.7 about the image's mean (another export's windowing)"),
    CONTRAST_0_9(Kind.CONTRAST, 0.9, "contrast x0.9 about the image's mean"),
    NOISE_10(Kind.NOISE, 10, "Gaussian noise, sd 10 grey levels (a noisier sensor, fewer averaged frames)"),
    NOISE_4(Kind.NOISE, 4, "Gaussian noise, sd 4 grey levels"),
    BLUR_1_2_1(Kind.BLUR, 2, "3x3 blur, kernel [1 2 1]/4 each way (lower resolution, defocus)"),
    BLUR_1_6_1(Kind.BLUR, 6, "3x3 blur, kernel [1 6 1]/8 each way"),
    MIRRORED(Kind.MIRROR, 0, "horizontal flip (the other eye, or a device that displays it mirrored)"),
    ZOOMED_0_8(Kind.ZOOM, 0.8, "another device geometry: the central 80 % (22x22) resized to 28x28 (narrower field)"),
    ZOOMED_0_9(Kind.ZOOM, 0.9, "the central 90 % (25x25) resized to 28x28");

    private enum Kind { BRIGHTNESS, CONTRAST, NOISE, BLUR, MIRROR, ZOOM }

    private final Kind kind;
    private final double amount;
    private final String description;

    ClinicShift(Kind kind, double amount, String description) {
        this.kind = kind;
        this.amount = amount;
        this.description = description;
    }

    public String description() {
        return description;
    }

    GreyImage apply(GreyImage image, Random random) {
        return switch (kind) {
            case BRIGHTNESS -> map(image, (v, x, y) -> v + amount);
            case CONTRAST -> {
                double mean = mean(image);
                yield map(image, (v, x, y) -> mean + amount * (v - mean));
            }
            case NOISE -> map(image, (v, x, y) -> v + amount * random.nextGaussian());
            case BLUR -> blur(image, amount);
            case MIRROR -> map(image, (v, x, y) -> image.at(image.width() - 1 - x, y));
            case ZOOM -> zoom(image, amount);
        };
    }

    private static GreyImage blur(GreyImage image, double centre) {
        double[] k = {1, centre, 1};
        return map(image, (v, x, y) -> {
            double sum = 0;
            double weight = 0;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx;
                    int yy = y + dy;
                    if (xx >= 0 && yy >= 0 && xx < image.width() && yy < image.height()) {
                        double w = k[dx + 1] * k[dy + 1];
                        sum += w * image.at(xx, yy);
                        weight += w;
                    }
                }
            }
            return sum / weight;
        });
    }

    private static GreyImage zoom(GreyImage image, double share) {
        int side = (int) Math.round(image.width() * share);
        int x0 = (image.width() - side) / 2;
        int y0 = (image.height() - side) / 2;
        byte[] crop = new byte[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                crop[y * side + x] = (byte) image.at(x0 + x, y0 + y);
            }
        }
        return new SquareResampler(image.width()).centreCropResize(new GreyImage(side, side, crop));
    }

    private interface PixelMap {
        double at(int value, int x, int y);
    }

    private static GreyImage map(GreyImage image, PixelMap map) {
        byte[] out = new byte[image.pixels().length];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                long v = Math.round(map.at(image.at(x, y), x, y));
                out[y * image.width() + x] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return new GreyImage(image.width(), image.height(), out);
    }

    private static double mean(GreyImage image) {
        double sum = 0;
        for (byte b : image.pixels()) {
            sum += b & 0xff;
        }
        return sum / image.pixels().length;
    }
}
