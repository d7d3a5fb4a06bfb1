package org.octflow.trainer.support;

import org.octflow.dataset.DatasetException;
import org.octflow.dataset.LabeledImages;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.dataset.NpzWriter;
import org.octflow.dataset.NpyArray;
import org.octflow.trainer.data.NpzSource;
import org.octflow.trainer.data.TrainingData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A learnable stand-in for OCTMNIST: each class is a bright band in its own place (top, middle, bottom, vertical)
 * over noise, 28x28, written as a MedMNIST npz through the shared writer.
 */
public final class SyntheticOct {
    public static final int SIDE = 28;

    private SyntheticOct() {
    }

    public static Path write(Path dir, int train, int val, int test, long seed) throws IOException {
        Path file = dir.resolve("synthetic-octmnist.npz");
        Random random = new Random(seed);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        put(arrays, "train", train, random, false);
        put(arrays, "val", val, random, false);
        put(arrays, "test", test, random, false);
        NpzWriter.write(file, arrays);
        return file;
    }

    public static TrainingData load(Path dir, int train, int val, int test, long seed) throws IOException, DatasetException {
        return NpzSource.load(write(dir, train, val, test, seed), MedMnistNpz.OCT_CLASSES);
    }

    /** Val labels are the train rule shifted by one class: fitting train makes val worse, epoch after epoch. */
    public static Path writeWithContradictoryVal(Path dir, int train, int val, long seed) throws IOException {
        Path file = dir.resolve("contradictory.npz");
        Random random = new Random(seed);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        put(arrays, "train", train, random, false);
        put(arrays, "val", val, random, true);
        put(arrays, "test", val, random, false);
        NpzWriter.write(file, arrays);
        return file;
    }

    public static LabeledImages images(int n, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[n * SIDE * SIDE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            draw(pixels, i, labels[i], random);
        }
        return new LabeledImages(SIDE, pixels, labels, null);
    }

    private static void put(Map<String, NpyArray> arrays, String split, int n, Random random, boolean shiftLabels) {
        byte[] pixels = new byte[n * SIDE * SIDE];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(4);
            draw(pixels, i, label, random);
            labels[i] = shiftLabels ? (label + 1) % 4 : label;
        }
        arrays.put(split + "_images", NpzWriter.uint8(new long[]{n, SIDE, SIDE}, pixels));
        arrays.put(split + "_labels", NpzWriter.int64(new long[]{n, 1}, labels));
    }

    private static void draw(byte[] pixels, int index, int label, Random random) {
        int offset = index * SIDE * SIDE;
        int jitter = random.nextInt(3) - 1;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                boolean band = switch (label) {
                    case 0 -> Math.abs(y - 6 - jitter) <= 2;
                    case 1 -> Math.abs(y - 14 - jitter) <= 2;
                    case 2 -> Math.abs(y - 22 - jitter) <= 2;
                    default -> Math.abs(x - 14 - jitter) <= 2;
                };
                int v = (band ? 170 : 40) + (int) (random.nextGaussian() * 25);
                pixels[offset + y * SIDE + x] = (byte) Math.max(0, Math.min(255, v));
            }
        }
    }
}
