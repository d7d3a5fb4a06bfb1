package org.octflow.trainer.core.calibration;

import org.octflow.trainer.core.metrics.Evaluator;

import java.util.Arrays;
import java.util.Random;

/**
 * The ECE a perfectly calibrated model would score on the same images: labels drawn from the served probabilities
 * themselves, scored as the real labels are. An ECE at or below it cannot be told apart from perfect calibration on
 * so few images; it is large where few images carry much weight (a BALANCED prior weighs val's rare classes up).
 *
 * @param median the median over the draws
 * @param p90    the value 90 % of the draws stay below
 */
public record EceNoiseFloor(double median, double p90, int draws) {
    public static final int DRAWS = 200;

    /**
     * @param served    the served probabilities of each image, calibrated for {@code prior}
     * @param prior     the deployment prior the figures are scored under (val importance-weighted to it)
     * @param dataPrior the class mix the images were drawn under (val's)
     */
    public static EceNoiseFloor of(float[][] served, DeploymentPrior prior, double[] dataPrior, int draws, long seed) {
        int classes = dataPrior.length;
        double[] target = prior.probabilities(dataPrior);
        // Under a label shift the images' own labels follow the served probabilities moved back to their mix.
        double[][] asDrawn = new double[served.length][classes];
        for (int i = 0; i < served.length; i++) {
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                asDrawn[i][k] = served[i][k] * dataPrior[k] / target[k];
                sum += asDrawn[i][k];
            }
            for (int k = 0; k < classes; k++) {
                asDrawn[i][k] /= sum;
            }
        }
        Random random = new Random(seed);
        double[] eces = new double[draws];
        int[] labels = new int[served.length];
        for (int d = 0; d < draws; d++) {
            for (int i = 0; i < labels.length; i++) {
                labels[i] = draw(asDrawn[i], random.nextDouble());
            }
            eces[d] = Evaluator.expectedCalibrationError(served, labels, prior.sampleWeights(labels, classes));
        }
        Arrays.sort(eces);
        return new EceNoiseFloor(eces[draws / 2], eces[(int) Math.ceil(0.9 * draws) - 1], draws);
    }

    private static int draw(double[] p, double u) {
        double cumulative = 0;
        for (int k = 0; k < p.length - 1; k++) {
            cumulative += p[k];
            if (u < cumulative) {
                return k;
            }
        }
        return p.length - 1;
    }
}
