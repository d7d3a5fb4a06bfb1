package org.octflow.trainer.core.calibration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.octflow.trainer.core.metrics.Evaluator;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalibrationTest {
    private final CalibrationFitter fitter = new CalibrationFitter();

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

    /**
     * A calibrated model's logits (labels drawn from its own softmax) for a skewed class mix, then every logit of
     * class 0 raised by {@code shift}: what inverse-frequency class weights do to a minority class.
     */
    static float[][] priorShiftedLogits(int n, int[] labels, float shift, long seed) {
        Random random = new Random(seed);
        double[] logPrior = {Math.log(0.1), Math.log(0.2), Math.log(0.3), Math.log(0.4)};
        float[][] logits = new float[n][4];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                logits[i][j] = (float) (1.5 * random.nextGaussian() + logPrior[j]);
            }
            float[] p = Softmax.of(logits[i]);
            double u = random.nextDouble();
            int label = 0;
            for (double cumulative = p[0]; u > cumulative && label < 3; cumulative += p[++label]) {
                // walk the cumulative distribution
            }
            labels[i] = label;
            logits[i][0] += shift;
        }
        return logits;
    }

    @Test
    void temperatureScalingCalibratesAnOverconfidentModelOnImagesItWasNotFittedOn() {
        int[] fitLabels = new int[2000];
        float[][] fit = overconfidentLogits(2000, fitLabels, 1);
        int[] heldOutLabels = new int[2000];
        float[][] heldOut = overconfidentLogits(2000, heldOutLabels, 2);

        LogitCalibration t = fitter.fit(CalibrationMethod.TEMPERATURE, fit, fitLabels);
        double before = Evaluator.expectedCalibrationError(Softmax.rows(heldOut), heldOutLabels);
        double after = Evaluator.expectedCalibrationError(t.probabilities(heldOut), heldOutLabels);

        assertThat(t.temperature()).as("an overconfident model needs T > 1").isGreaterThan(2);
        assertThat(before).isGreaterThan(0.2);
        assertThat(after).isLessThan(before / 4);
    }

    @Test
    void aWellCalibratedModelKeepsTemperatureNearOne() {
        int[] labels = new int[5000];
        float[][] logits = priorShiftedLogits(5000, labels, 0, 3);
        assertThat(fitter.fit(CalibrationMethod.TEMPERATURE, logits, labels).temperature()).isCloseTo(1.0, within(0.1));
    }

    @Test
    void oneTemperatureCannotUndoAClassWeightPriorShiftButAPerClassBiasCan() {
        int[] labels = new int[3000];
        float[][] logits = priorShiftedLogits(3000, labels, 1.5f, 4);
        int[] heldOutLabels = new int[3000];
        float[][] heldOut = priorShiftedLogits(3000, heldOutLabels, 1.5f, 5);

        float[][] byTemperature = fitter.fit(CalibrationMethod.TEMPERATURE, logits, labels).probabilities(heldOut);
        LogitCalibration vector = fitter.fit(CalibrationMethod.VECTOR, logits, labels);
        float[][] byVector = vector.probabilities(heldOut);
        double share = java.util.Arrays.stream(heldOutLabels).filter(l -> l == 0).count() / 3000.0;

        // The shifted class is over-predicted whatever the temperature; a bias per class puts it back.
        assertThat(mean(byTemperature, 0)).isGreaterThan(share * 1.5);
        assertThat(mean(byVector, 0)).isCloseTo(share, within(0.02));
        assertThat(CalibrationChoice.logLoss(byVector, heldOutLabels))
                .isLessThan(CalibrationChoice.logLoss(byTemperature, heldOutLabels) - 0.02);
        assertThat((double) (vector.bias()[0] - vector.bias()[3])).as("class 0's shift taken back")
                .isCloseTo(-1.5, within(0.3));
    }

    @Test
    void theChoiceIsMadeOnFoldsItDidNotFitAndNeverCalibratesWorseThanNothing() {
        int[] labels = new int[1500];
        float[][] logits = priorShiftedLogits(1500, labels, 1.5f, 6);

        CalibrationChoice choice = CalibrationChoice.choose(logits, labels, DeploymentPrior.TRAINING, 1);

        assertThat(choice.candidates()).extracting(CalibrationChoice.Candidate::method)
                .containsExactly(CalibrationMethod.values());
        assertThat(choice.method()).isIn(CalibrationMethod.VECTOR, CalibrationMethod.MATRIX);
        CalibrationChoice.Candidate none = choice.candidates().get(0);
        assertThat(choice.chosen().cvEce()).isLessThanOrEqualTo(none.cvEce());
        assertThat(choice.chosen().cvLogLoss()).isLessThan(none.cvLogLoss());
    }

    @Test
    void aBalancedDeploymentPriorMovesProbabilityFromCommonClassesToRareOnes() {
        int[] labels = new int[2000];
        float[][] logits = priorShiftedLogits(2000, labels, 0, 7);

        float[][] asTrained = CalibrationChoice.choose(logits, labels, DeploymentPrior.TRAINING, 1).calibration()
                .probabilities(logits);
        float[][] balanced = CalibrationChoice.choose(logits, labels, DeploymentPrior.BALANCED, 1).calibration()
                .probabilities(logits);

        // Class 0 is the rarest (10 %), class 3 the most common (40 %): balanced raises the first, lowers the last.
        assertThat(mean(balanced, 0)).isGreaterThan(mean(asTrained, 0) * 1.5);
        assertThat(mean(balanced, 3)).isLessThan(mean(asTrained, 3));
    }

    @Test
    void aBalancedPriorWeighsEveryClassOfValAlikeAndTheTrainingPriorLeavesValAsItIs() {
        int[] labels = {0, 0, 0, 0, 0, 0, 1, 1, 2, 3};

        double[] weights = DeploymentPrior.BALANCED.sampleWeights(labels, 4);

        assertThat(java.util.Arrays.stream(weights).sum()).isCloseTo(10, within(1e-9));
        assertThat(weights[0] * 6).isCloseTo(weights[6] * 2, within(1e-9)).isCloseTo(weights[8], within(1e-9))
                .isCloseTo(weights[9], within(1e-9));
        assertThat(DeploymentPrior.TRAINING.sampleWeights(labels, 4)).isNull();
    }

    @Test
    void theChoiceUnderABalancedPriorIsScoredAsIfValWereBalanced() {
        int[] labels = new int[2000];
        float[][] logits = priorShiftedLogits(2000, labels, 0, 11);

        CalibrationChoice balanced = CalibrationChoice.choose(logits, labels, DeploymentPrior.BALANCED, 1);

        // A calibrated-for-its-mix model moved to equal priors: a fitted method must beat leaving it alone there.
        assertThat(balanced.method()).isNotEqualTo(CalibrationMethod.NONE);
        float[][] served = balanced.calibration().probabilities(logits);
        double[] weights = DeploymentPrior.BALANCED.sampleWeights(labels, 4);
        assertThat(Evaluator.expectedCalibrationError(served, labels, weights))
                .isLessThan(Evaluator.expectedCalibrationError(Softmax.rows(logits), labels, weights));
    }

    @Test
    void temperatureNeverChangesTheRanking() {
        float[] logits = {1f, 3f, -2f, 0.5f};
        float[] hot = LogitCalibration.temperature(0.3, 4).probabilities(new float[][]{logits})[0];
        float[] cold = LogitCalibration.temperature(5, 4).probabilities(new float[][]{logits})[0];
        assertThat(Evaluator.argmax(hot)).isEqualTo(Evaluator.argmax(cold)).isEqualTo(1);
        assertThat(hot[0] + hot[1] + hot[2] + hot[3]).isCloseTo(1f, within(1e-6f));
    }

    @ParameterizedTest
    @EnumSource(value = CalibrationMethod.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void theLossGradientIsTheLossesSlope(CalibrationMethod method) {
        int[] labels = new int[200];
        float[][] logits = priorShiftedLogits(200, labels, 1, 8);
        Random random = new Random(9);
        double[] theta = new double[switch (method) {
            case TEMPERATURE -> 1;
            case VECTOR -> 8;
            default -> 20;
        }];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.5 + 0.3 * random.nextGaussian();
        }
        double[] grad = new double[theta.length];
        CalibrationFitter.loss(method, theta, logits, labels, grad);
        for (int i = 0; i < theta.length; i++) {
            double h = 1e-5;
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[i] += h;
            down[i] -= h;
            double slope = (CalibrationFitter.loss(method, up, logits, labels, null)
                    - CalibrationFitter.loss(method, down, logits, labels, null)) / (2 * h);
            assertThat(grad[i]).as("d loss / d theta[%d]", i).isCloseTo(slope, within(1e-4));
        }
    }

    private static double mean(float[][] probabilities, int column) {
        double sum = 0;
        for (float[] row : probabilities) {
            sum += row[column];
        }
        return sum / probabilities.length;
    }
}
