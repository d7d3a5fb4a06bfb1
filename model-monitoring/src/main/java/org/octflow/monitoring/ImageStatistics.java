package org.octflow.monitoring;

import org.octflow.preprocessing.GreyImage;

import java.util.List;

/**
 * A few statistics of one scan as the model sees it (the model-size grey image, 0..255, before normalisation), each
 * chosen for a shift that happens in clinics and that moves it:
 * <ul>
 *   <li>{@code mean}, {@code std}: brightness and contrast (another device's gain, another export's windowing);</li>
 *   <li>{@code darkShare} (pixels below 32): the low end of the histogram, the vitreous and background, which a
 *       brightness offset or a contrast stretch moves first;</li>
 *   <li>{@code edgeEnergy} (mean |horizontal| + |vertical| neighbour difference) and {@code fineTexture} (mean
 *       |pixel - its 3x3 mean|): speckle noise raises them, blur (lower resolution, motion) lowers them;</li>
 *   <li>{@code retinaRow} (the brightness-weighted mean row, 0 top .. 1 bottom): where the retina sits, which
 *       another device's geometry (field of view, crop) moves;</li>
 *   <li>{@code tilt} (retinaRow of the left half minus the right half): its sign flips for a mirrored eye; a mirror
 *       is only detectable as far as the reference's tilts are not symmetric about 0.</li>
 * </ul>
 */
public final class ImageStatistics {
    public static final List<String> NAMES =
            List.of("mean", "std", "darkShare", "edgeEnergy", "fineTexture", "retinaRow", "tilt");
    static final int DARK = 32;

    private ImageStatistics() {
    }

    /** The statistics of {@code image}, in {@link #NAMES}' order. */
    public static double[] of(GreyImage image) {
        int w = image.width();
        int h = image.height();
        double sum = 0;
        double squares = 0;
        int dark = 0;
        double rowWeight = 0;
        double[] halfRowWeight = new double[2];
        double[] halfWeight = new double[2];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = image.at(x, y);
                sum += v;
                squares += (double) v * v;
                if (v < DARK) {
                    dark++;
                }
                double row = (y + 0.5) / h;
                rowWeight += v * row;
                if (x < w / 2) {
                    halfRowWeight[0] += v * row;
                    halfWeight[0] += v;
                } else if (x >= w - w / 2) {
                    halfRowWeight[1] += v * row;
                    halfWeight[1] += v;
                }
            }
        }
        int area = w * h;
        double mean = sum / area;
        double std = Math.sqrt(Math.max(0, squares / area - mean * mean));
        return new double[]{mean, std, (double) dark / area, edgeEnergy(image), fineTexture(image),
                sum > 0 ? rowWeight / sum : 0.5,
                centroid(halfRowWeight[0], halfWeight[0]) - centroid(halfRowWeight[1], halfWeight[1])};
    }

    private static double centroid(double weightedRow, double weight) {
        return weight > 0 ? weightedRow / weight : 0.5;
    }

    private static double edgeEnergy(GreyImage image) {
        double total = 0;
        int pairs = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                if (x + 1 < image.width()) {
                    total += Math.abs(image.at(x + 1, y) - image.at(x, y));
                    pairs++;
                }
                if (y + 1 < image.height()) {
                    total += Math.abs(image.at(x, y + 1) - image.at(x, y));
                    pairs++;
                }
            }
        }
        return pairs == 0 ? 0 : total / pairs;
    }

    private static double fineTexture(GreyImage image) {
        double total = 0;
        int count = 0;
        for (int y = 1; y + 1 < image.height(); y++) {
            for (int x = 1; x + 1 < image.width(); x++) {
                double local = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        local += image.at(x + dx, y + dy);
                    }
                }
                total += Math.abs(image.at(x, y) - local / 9);
                count++;
            }
        }
        return count == 0 ? 0 : total / count;
    }
}
