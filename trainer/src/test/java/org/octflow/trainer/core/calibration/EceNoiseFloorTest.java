package org.octflow.trainer.core.calibration;

import org.junit.jupiter.api.Test;
import org.octflow.trainer.core.metrics.Evaluator;

import static org.assertj.core.api.Assertions.assertThat;

class EceNoiseFloorTest {

    @Test
    void aCalibratedModelScoresWithinTheFloorAndAnOverconfidentOneAboveIt() {
        int[] labels = new int[800];
        float[][] calibrated = Softmax.rows(CalibrationTest.priorShiftedLogits(800, labels, 0, 3));
        EceNoiseFloor floor = EceNoiseFloor.of(calibrated, DeploymentPrior.TRAINING, frequencies(labels), 200, 1);

        assertThat(floor.median()).isPositive().isLessThanOrEqualTo(floor.p90());
        assertThat(Evaluator.expectedCalibrationError(calibrated, labels)).isLessThanOrEqualTo(floor.p90());

        int[] overconfidentLabels = new int[800];
        float[][] overconfident = Softmax.rows(CalibrationTest.overconfidentLogits(800, overconfidentLabels, 4));
        EceNoiseFloor itsFloor = EceNoiseFloor.of(overconfident, DeploymentPrior.TRAINING,
                frequencies(overconfidentLabels), 200, 1);
        assertThat(Evaluator.expectedCalibrationError(overconfident, overconfidentLabels))
                .isGreaterThan(3 * itsFloor.p90());
    }

    @Test
    void theFloorFallsAsImagesGrow() {
        int[] few = new int[200];
        int[] many = new int[5000];
        float[][] fewServed = Softmax.rows(CalibrationTest.priorShiftedLogits(200, few, 0, 5));
        float[][] manyServed = Softmax.rows(CalibrationTest.priorShiftedLogits(5000, many, 0, 5));

        assertThat(EceNoiseFloor.of(fewServed, DeploymentPrior.TRAINING, frequencies(few), 100, 1).median())
                .isGreaterThan(2 * EceNoiseFloor.of(manyServed, DeploymentPrior.TRAINING, frequencies(many), 100, 1)
                        .median());
    }

    @Test
    void weighingASkewedMixToBalancedRaisesTheFloor() {
        int[] labels = new int[800];
        float[][] logits = CalibrationTest.priorShiftedLogits(800, labels, 0, 6);
        double[] mix = frequencies(labels);
        float[][] asTrained = Softmax.rows(logits);
        float[][] balanced = LogitCalibration.identity(4).withPrior(mix, new double[]{0.25, 0.25, 0.25, 0.25})
                .probabilities(logits);

        // The rarest class (10 %) weighs 2.5x under equal priors: fewer images effectively, a noisier estimate.
        assertThat(EceNoiseFloor.of(balanced, DeploymentPrior.BALANCED, mix, 200, 1).median())
                .isGreaterThan(EceNoiseFloor.of(asTrained, DeploymentPrior.TRAINING, mix, 200, 1).median());
    }

    private static double[] frequencies(int[] labels) {
        return CalibrationChoice.frequencies(labels, 4);
    }
}
