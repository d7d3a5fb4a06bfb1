package org.octflow.trainer.data;

import org.octflow.dataset.LabeledImages;
import org.octflow.preprocessing.GreyImage;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.trainer.core.train.Augmenter;

/**
 * Turns images into NCHW float input through the shared {@link ScanPreprocessor}, so a training tensor is built
 * exactly as the serving worker builds one. Augmentation, when given, happens on the 8-bit image first.
 */
public final class BatchAssembler {
    private final ScanPreprocessor preprocessor;
    private final Augmenter augmenter;
    private final long seed;

    public BatchAssembler(ScanPreprocessor preprocessor, Augmenter augmenter, long seed) {
        this.preprocessor = preprocessor;
        this.augmenter = augmenter;
        this.seed = seed;
    }

    /** Unaugmented input for evaluation. */
    public float[] features(LabeledImages images, int[] indexes) {
        return build(images, indexes, -1);
    }

    /** Augmented input for training in this epoch (unchanged when augmentation is off). */
    public float[] trainingFeatures(LabeledImages images, int[] indexes, int epoch) {
        return build(images, indexes, epoch);
    }

    private float[] build(LabeledImages images, int[] indexes, int epoch) {
        int area = images.side() * images.side();
        float[] out = new float[indexes.length * area];
        for (int i = 0; i < indexes.length; i++) {
            GreyImage image = images.image(indexes[i]);
            if (epoch >= 0 && augmenter != null) {
                image = augmenter.augment(image, seed, epoch, indexes[i]);
            }
            preprocessor.writeNormalized(image, out, i * area);
        }
        return out;
    }

    public static float[] oneHot(LabeledImages images, int[] indexes, int classCount) {
        float[] out = new float[indexes.length * classCount];
        for (int i = 0; i < indexes.length; i++) {
            out[i * classCount + images.labels()[indexes[i]]] = 1f;
        }
        return out;
    }

    public static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
