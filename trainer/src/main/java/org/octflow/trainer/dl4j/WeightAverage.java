package org.octflow.trainer.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An exponential moving average of a network's flattened parameters (Polyak averaging), batch-norm statistics
 * included. On the small real subset the averaged weights generalise better than the last step's (trainer README).
 * The decay warms up as min(decay, (1 + t) / (10 + t)) so that the early average is not dominated by the random
 * initialisation.
 */
public final class WeightAverage {
    private final double decay;
    private INDArray average;
    private long updates;

    /** @param decay per parameter update, in [0, 1); 0 = off */
    public WeightAverage(double decay) {
        if (decay < 0 || decay >= 1) {
            throw new IllegalArgumentException("weight-averaging decay must be in [0, 1), was " + decay);
        }
        this.decay = decay;
    }

    public boolean enabled() {
        return decay > 0;
    }

    /** Folds the parameters after one update into the average. */
    public void update(INDArray params) {
        if (!enabled()) {
            return;
        }
        if (average == null) {
            average = params.dup();
        } else {
            double d = decayAt(decay, updates);
            // In place (scale, then axpy): no temporary array per update.
            Nd4j.getBlasWrapper().level1().axpy(average.length(), 1 - d, params, average.muli(d));
        }
        updates++;
    }

    /** The averaged parameters (null before the first update). */
    public INDArray average() {
        return average;
    }

    static double decayAt(double decay, long updates) {
        return Math.min(decay, (1.0 + updates) / (10.0 + updates));
    }
}
