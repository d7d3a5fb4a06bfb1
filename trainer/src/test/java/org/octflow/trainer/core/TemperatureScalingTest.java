package org.octflow.trainer.core;

import org.junit.jupiter.api.Test;
import org.octflow.trainer.core.metrics.Evaluator;
import org.octflow.trainer.core.metrics.TemperatureScaling;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TemperatureScalingTest {

    /** Logits of a model that is right 70% of the time but states ~99% confidence: overconfident by design. */
    static float[][] overconfidentLogits(int n, int[] labels, long seed) {
        Random random = new Random(seed);
        float[][] logits = new float[n][4];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(4);
            int predicted = random.nextDouble() < 0.7 ? labels[i] : (labels[i] + 1 + random.nextInt(3)) % 4;
            for (int j = 0; j < 4; j++) {
                logits[i][j] = (float) random.nextGaussian();
            }
            logits[i][predicted] += 8;
        }
        return logits;
    }

    @Test
    void calibrationLowersEceOnAnOverconfidentModel() {
        int[] fitLabels = new int[2000];
        float[][] fit = overconfidentLogits(2000, fitLabels, 1);
        int[] heldOutLabels = new int[2000];
        float[][] heldOut = overconfidentLogits(2000, heldOutLabels, 2);

        double t = TemperatureScaling.fit(fit, fitLabels);
        double before = Evaluator.expectedCalibrationError(TemperatureScaling.apply(heldOut, 1.0), heldOutLabels);
        double after = Evaluator.expectedCalibrationError(TemperatureScaling.apply(heldOut, t), heldOutLabels);

        assertThat(t).as("an overconfident model needs T > 1").isGreaterThan(2);
        assertThat(before).isGreaterThan(0.2);
        assertThat(after).isLessThan(before / 4);
    }

    @Test
    void temperatureNeverChangesTheRanking() {
        float[] logits = {1f, 3f, -2f, 0.5f};
        float[] hot = TemperatureScaling.softmax(logits, 0.3);
        float[] cold = TemperatureScaling.softmax(logits, 5);
        assertThat(Evaluator.argmax(hot)).isEqualTo(Evaluator.argmax(cold)).isEqualTo(1);
        assertThat(hot[0] + hot[1] + hot[2] + hot[3]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void aWellCalibratedModelKeepsTemperatureNearOne() {
        Random random = new Random(3);
        int n = 5000;
        float[][] logits = new float[n][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            logits[i][0] = (float) (random.nextGaussian() * 2);
            double p0 = TemperatureScaling.softmax(logits[i], 1.0)[0];
            labels[i] = random.nextDouble() < p0 ? 0 : 1;
        }
        assertThat(TemperatureScaling.fit(logits, labels)).isCloseTo(1.0, within(0.1));
    }
}
