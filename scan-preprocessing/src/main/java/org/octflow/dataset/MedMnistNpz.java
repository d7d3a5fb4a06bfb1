package org.octflow.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a MedMNIST npz (keys {@code train|val|test_images} uint8 N×S×S and {@code train|val|test_labels} N×1; other
 * keys such as {@code *_index} are tolerated) and checks it, naming the file and the problem when it is wrong.
 */
public final class MedMnistNpz {
    /** OCTMNIST's classes in label order. */
    public static final List<String> OCT_CLASSES = List.of("CNV", "DME", "DRUSEN", "NORMAL");

    private MedMnistNpz() {
    }

    public static Map<Split, LabeledImages> load(Path file, int classCount) throws DatasetException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + " does not exist: pass --data with a MedMNIST .npz"
                    + " (e.g. ../shared/data/octmnist_partial.npz) or use --download");
        }
        Map<String, NpyArray> arrays = NpzArchive.read(file);
        Map<Split, LabeledImages> splits = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            splits.put(split, split(file, arrays, split, classCount));
        }
        return splits;
    }

    public static LabeledImages loadSplit(Path file, Split split, int classCount) throws DatasetException {
        return load(file, classCount).get(split);
    }

    private static LabeledImages split(Path file, Map<String, NpyArray> arrays, Split split, int classCount)
            throws DatasetException {
        NpyArray images = require(file, arrays, split.key() + "_images");
        NpyArray labels = require(file, arrays, split.key() + "_labels");
        long[] shape = images.shape();
        if (shape.length != 3 || shape[1] != shape[2] || shape[1] == 0) {
            throw new DatasetException(file + ": " + images.name() + " has shape " + images.shapeText()
                    + "; expected (N, side, side) grey images");
        }
        if (!images.isUint8()) {
            throw new DatasetException(file + ": " + images.name() + " has dtype " + images.dtype()
                    + "; expected uint8 (|u1)");
        }
        int n = (int) shape[0];
        if (labels.elementCount() != n || labels.shape().length == 0 || labels.shape()[0] != n) {
            throw new DatasetException(file + ": " + labels.name() + " has shape " + labels.shapeText() + " but "
                    + images.name() + " holds " + n + " images; expected (" + n + ", 1)");
        }
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            long label = labels.longAt(i);
            if (label < 0 || label >= classCount) {
                throw new DatasetException(file + ": " + labels.name() + "[" + i + "] is " + label
                        + "; labels must be 0.." + (classCount - 1));
            }
            classes[i] = (int) label;
        }
        NpyArray index = arrays.get(split.key() + "_index");
        long[] sourceIndexes = null;
        if (index != null && index.elementCount() == n) {
            sourceIndexes = new long[n];
            for (int i = 0; i < n; i++) {
                sourceIndexes[i] = index.longAt(i);
            }
        }
        return new LabeledImages((int) shape[1], images.bytes(), classes, sourceIndexes);
    }

    private static NpyArray require(Path file, Map<String, NpyArray> arrays, String key) throws DatasetException {
        NpyArray array = arrays.get(key);
        if (array == null) {
            throw new DatasetException(file + " has no '" + key + "' array (it has " + arrays.keySet()
                    + "): is this a MedMNIST npz?");
        }
        return array;
    }
}
