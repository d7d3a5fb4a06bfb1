package org.octflow.trainer.core;

import org.junit.jupiter.api.Test;
import org.octflow.preprocessing.GreyImage;
import org.octflow.trainer.core.config.AugmentationConfig;
import org.octflow.trainer.core.train.Augmenter;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AugmenterTest {
    static GreyImage image(long seed) {
        byte[] pixels = new byte[28 * 28];
        new Random(seed).nextBytes(pixels);
        return new GreyImage(28, 28, pixels);
    }

    @Test
    void sameSeedEpochAndIndexGiveTheSameImage() {
        Augmenter a = new Augmenter(AugmentationConfig.standard());
        Augmenter b = new Augmenter(AugmentationConfig.standard());
        assertThat(a.augment(image(1), 42, 3, 17).pixels()).isEqualTo(b.augment(image(1), 42, 3, 17).pixels());
    }

    @Test
    void anotherEpochOrSeedGivesAnotherImage() {
        Augmenter a = new Augmenter(AugmentationConfig.standard());
        byte[] base = a.augment(image(1), 42, 3, 17).pixels();
        assertThat(a.augment(image(1), 42, 4, 17).pixels()).isNotEqualTo(base);
        assertThat(a.augment(image(1), 43, 3, 17).pixels()).isNotEqualTo(base);
    }

    @Test
    void disabledAugmentationLeavesTheImageAlone() {
        GreyImage original = image(2);
        assertThat(new Augmenter(AugmentationConfig.off()).augment(original, 1, 1, 1)).isSameAs(original);
    }

    @Test
    void aFlipAloneMirrorsTheImage() {
        Augmenter flipOnly = new Augmenter(new AugmentationConfig(true, 0, 0, true, 0, 0, 0));
        GreyImage original = image(3);
        // Over several draws, at least one is flipped, and each result is either the original or its mirror.
        boolean sawFlip = false;
        for (int i = 0; i < 10; i++) {
            GreyImage out = flipOnly.augment(original, 5, 0, i);
            boolean flipped = out.at(0, 0) == original.at(27, 0) && out.at(27, 5) == original.at(0, 5);
            boolean same = java.util.Arrays.equals(out.pixels(), original.pixels());
            assertThat(flipped || same).isTrue();
            sawFlip |= flipped && !same;
        }
        assertThat(sawFlip).isTrue();
    }
}
