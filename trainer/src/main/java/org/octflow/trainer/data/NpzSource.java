package org.octflow.trainer.data;

import org.octflow.dataset.DatasetException;
import org.octflow.dataset.LabeledImages;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.dataset.Split;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A MedMNIST npz from any path, read by the shared loader. */
public final class NpzSource {
    static final String USE = "train, val and test (the file's own splits)";

    private NpzSource() {
    }

    public static TrainingData load(Path file, List<String> classes) throws DatasetException {
        Map<Split, LabeledImages> splits = MedMnistNpz.load(file, classes.size());
        LabeledImages train = splits.get(Split.TRAIN);
        String name = file.getFileName().toString();
        String description = name.contains("octmnist_partial")
                ? String.format(Locale.ROOT, "trained on the %,d-image real subset (%s)", train.count(), name)
                : String.format(Locale.ROOT, "trained on %,d images of %s", train.count(), name);
        return new TrainingData(train, splits.get(Split.VAL), splits.get(Split.TEST), classes,
                DataProvenance.single(file.toAbsolutePath().normalize().toString(), FileDigests.md5(file), USE,
                        description));
    }
}
