package org.octflow.trainer.core.calibration;

/**
 * A fitted calibration: probabilities = softmax(W z + b) for the network's logits z. The exporter folds W and b into
 * the ONNX graph, so the served probabilities are these.
 */
public record LogitCalibration(CalibrationMethod method, float[][] weights, float[] bias) {

    public static LogitCalibration identity(int classes) {
        return CalibrationMethod.NONE.calibration(new double[0], classes);
    }

    /** softmax(z / t) */
    public static LogitCalibration temperature(double t, int classes) {
        return CalibrationMethod.TEMPERATURE.calibration(new double[]{-Math.log(t)}, classes);
    }

    public boolean changesNothing() {
        for (int i = 0; i < bias.length; i++) {
            if (bias[i] != 0) {
                return false;
            }
            for (int j = 0; j < bias.length; j++) {
                if (weights[i][j] != (i == j ? 1 : 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    public float[] logits(float[] z) {
        float[] u = new float[bias.length];
        for (int i = 0; i < u.length; i++) {
            double sum = bias[i];
            for (int j = 0; j < z.length; j++) {
                sum += (double) weights[i][j] * z[j];
            }
            u[i] = (float) sum;
        }
        return u;
    }

    public float[][] probabilities(float[][] logits) {
        float[][] out = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            out[i] = Softmax.of(logits(logits[i]));
        }
        return out;
    }

    /**
     * Moves the probabilities from the prior they were fitted under to another: p'(k) is proportional to
     * p(k) * target(k) / fitted(k), which for a softmax is a shift of the bias by log(target / fitted).
     */
    public LogitCalibration withPrior(double[] fittedPrior, double[] targetPrior) {
        float[] b = bias.clone();
        for (int k = 0; k < b.length; k++) {
            b[k] += (float) Math.log(targetPrior[k] / fittedPrior[k]);
        }
        return new LogitCalibration(method, weights, b);
    }

    /** The single temperature this calibration amounts to, or NaN when it is not one. */
    public double temperature() {
        return method == CalibrationMethod.TEMPERATURE || method == CalibrationMethod.NONE
                ? 1.0 / weights[0][0] : Double.NaN;
    }
}
