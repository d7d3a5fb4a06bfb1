package org.octflow.monitoring;

import org.octflow.preprocessing.GreyImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small synthetic B-scans for the drift tests: a bright retinal band on a dark background, tilted, with speckle. */
final class SyntheticScans {
    private SyntheticScans() {
    }

    /**
     * @param brightness added to every pixel
     * @param mirrored   flip left-right; the tilts are drawn from 0.1..0.3, so a mirror flips their sign
     */
    static GreyImage scan(Random random, int brightness, boolean mirrored) {
        int side = 28;
        double row = 12 + 4 * random.nextDouble();
        double slope = 0.1 + 0.2 * random.nextDouble();
        byte[] pixels = new byte[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int xx = mirrored ? side - 1 - x : x;
                double centre = row + slope * (xx - side / 2.0);
                double band = 160 * Math.exp(-Math.pow((y - centre) / 2.5, 2));
                double v = 15 + band + 8 * random.nextGaussian() + brightness;
                pixels[y * side + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return new GreyImage(side, side, pixels);
    }

    /** Probabilities whose top class is {@code label} with a top probability of 0.5..1. */
    static float[] probabilities(Random random, int label) {
        float[] p = new float[4];
        float top = 0.5f + 0.5f * random.nextFloat();
        for (int c = 0; c < 4; c++) {
            p[c] = c == label ? top : (1 - top) / 3;
        }
        return p;
    }

    /** Scans with predicted classes drawn from {@code mix} (shares per class). */
    static List<WindowScan> window(Random random, int n, int brightness, boolean mirrored, double[] mix) {
        List<WindowScan> scans = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int label = 0;
            while (label < mix.length - 1 && u >= mix[label]) {
                u -= mix[label];
                label++;
            }
            scans.add(WindowScan.of(scan(random, brightness, mirrored), probabilities(random, label)));
        }
        return scans;
    }

    static final double[] REFERENCE_MIX = {0.35, 0.15, 0.1, 0.4};
}
