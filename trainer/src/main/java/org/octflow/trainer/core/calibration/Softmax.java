package org.octflow.trainer.core.calibration;

/** Softmax in double, shifted by the max so large logits cannot overflow. */
public final class Softmax {
    private Softmax() {
    }

    public static float[] of(float[] logits) {
        double[] u = new double[logits.length];
        for (int j = 0; j < u.length; j++) {
            u[j] = logits[j];
        }
        double[] e = of(u);
        float[] p = new float[logits.length];
        for (int j = 0; j < logits.length; j++) {
            p[j] = (float) e[j];
        }
        return p;
    }

    public static double[] of(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int j = 0; j < logits.length; j++) {
            p[j] = Math.exp(logits[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < logits.length; j++) {
            p[j] /= sum;
        }
        return p;
    }

    public static float[][] rows(float[][] logits) {
        float[][] out = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            out[i] = of(logits[i]);
        }
        return out;
    }
}
