package org.octflow.trainer.core.calibration;

import java.util.Arrays;

/**
 * The class frequencies the served probabilities assume. Calibrating on val gives probabilities for val's mix
 * (OCTMNIST's splits share one: about 36 % CNV, 10 % DME, 8 % DRUSEN, 47 % NORMAL); a site whose scans are another
 * mix wants the probabilities moved to it, which is a shift of the output bias.
 */
public enum DeploymentPrior {
    /** The data's own mix, as val holds it: the probabilities are calibrated for scans drawn like the data set's. */
    TRAINING,
    /** Every class equally likely a priori: the probabilities rank evidence alone, not prevalence. */
    BALANCED;

    /**
     * Per val image, the weight that makes val stand for scans drawn under this prior (importance weights for a
     * label shift: target(y) / val(y)); null for {@link #TRAINING}, which is val's own mix.
     */
    public double[] sampleWeights(int[] labels, int classes) {
        if (this == TRAINING) {
            return null;
        }
        double[] valPrior = CalibrationChoice.frequencies(labels, classes);
        double[] target = probabilities(valPrior);
        double[] weights = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            weights[i] = target[labels[i]] / valPrior[labels[i]];
        }
        return weights;
    }

    double[] probabilities(double[] valPrior) {
        if (this == TRAINING) {
            return valPrior.clone();
        }
        double[] uniform = new double[valPrior.length];
        Arrays.fill(uniform, 1.0 / valPrior.length);
        return uniform;
    }
}
