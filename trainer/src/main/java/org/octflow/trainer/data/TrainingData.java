package org.octflow.trainer.data;

import org.octflow.dataset.LabeledImages;
import org.octflow.dataset.Split;

import java.util.List;
import java.util.Map;

/** The three splits, the class names in label order, and where they came from. */
public record TrainingData(LabeledImages train, LabeledImages val, LabeledImages test, List<String> classes,
                           DataProvenance provenance) {

    public LabeledImages split(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VAL -> val;
            case TEST -> test;
        };
    }

    public Map<String, Integer> counts() {
        return Map.of("train", train.count(), "val", val.count(), "test", test.count());
    }
}
