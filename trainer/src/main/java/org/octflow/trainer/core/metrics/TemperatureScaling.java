package org.octflow.trainer.core.metrics;

/**
 * Fits one temperature T on held-out logits by minimising the negative log-likelihood of softmax(logits / T)
 * (Guo et al. 2017). T is searched on log scale by golden-section: the NLL is unimodal in log T.
 */
public final class TemperatureScaling {
    static final double MIN_LOG_T = Math.log(0.05);
    static final double MAX_LOG_T = Math.log(20);

    private TemperatureScaling() {
    }

    public static double fit(float[][] logits, int[] labels) {
        double lo = MIN_LOG_T;
        double hi = MAX_LOG_T;
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = hi - phi * (hi - lo);
        double b = lo + phi * (hi - lo);
        double fa = nll(logits, labels, Math.exp(a));
        double fb = nll(logits, labels, Math.exp(b));
        for (int i = 0; i < 80; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - phi * (hi - lo);
                fa = nll(logits, labels, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + phi * (hi - lo);
                fb = nll(logits, labels, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    public static double nll(float[][] logits, int[] labels, double temperature) {
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            float[] p = softmax(logits[i], temperature);
            total -= Math.log(Math.max(p[labels[i]], 1e-12));
        }
        return total / labels.length;
    }

    public static float[][] apply(float[][] logits, double temperature) {
        float[][] out = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            out[i] = softmax(logits[i], temperature);
        }
        return out;
    }

    /** Computed in double and shifted by the max so large logits cannot overflow. */
    public static float[] softmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z / temperature);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int j = 0; j < logits.length; j++) {
            e[j] = Math.exp(logits[j] / temperature - max);
            sum += e[j];
        }
        float[] p = new float[logits.length];
        for (int j = 0; j < logits.length; j++) {
            p[j] = (float) (e[j] / sum);
        }
        return p;
    }
}
