package org.octflow.trainer.core.calibration;

/**
 * The post-hoc calibrations the trainer chooses from. Each maps the network's logits z to W z + b before the softmax;
 * they differ in which W and b they may fit (Guo et al. 2017; Kull et al. 2019 for the regularised matrix).
 */
public enum CalibrationMethod {
    /** W = I, b = 0: the network's own probabilities. */
    NONE("none"),
    /** W = I / T: one temperature; sharpens or softens, cannot move one class against another. */
    TEMPERATURE("one temperature T: softmax(z / T)"),
    /** W diagonal, b free: a scale and a bias per class; the bias can undo the prior shift class weights cause. */
    VECTOR("vector scaling: softmax(w * z + b), a scale and a bias per class"),
    /** W and b free, off-diagonal W pulled towards 0 (ODIR) so 20 parameters do not overfit a small val split. */
    MATRIX("matrix scaling: softmax(W z + b), off-diagonal W regularised");

    /** Weight of the off-diagonal penalty of {@link #MATRIX}, per val image's mean log-loss. */
    public static final double OFF_DIAGONAL_PENALTY = 1e-2;

    private final String description;

    CalibrationMethod(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    int parameterCount(int classes) {
        return switch (this) {
            case NONE -> 0;
            case TEMPERATURE -> 1;
            case VECTOR -> 2 * classes;
            case MATRIX -> classes * classes + classes;
        };
    }

    /** The parameters of the identity map, where every fit starts. */
    double[] identity(int classes) {
        double[] theta = new double[parameterCount(classes)];
        switch (this) {
            case VECTOR -> java.util.Arrays.fill(theta, 0, classes, 1);
            case MATRIX -> {
                for (int i = 0; i < classes; i++) {
                    theta[i * classes + i] = 1;
                }
            }
            default -> {
                // NONE has no parameters; TEMPERATURE's is log(1 / T) = 0
            }
        }
        return theta;
    }

    LogitCalibration calibration(double[] theta, int classes) {
        Affine a = affine(theta, classes);
        float[][] w = new float[classes][classes];
        float[] b = new float[classes];
        for (int i = 0; i < classes; i++) {
            b[i] = (float) a.bias()[i];
            for (int j = 0; j < classes; j++) {
                w[i][j] = (float) a.weights()[i][j];
            }
        }
        return new LogitCalibration(this, w, b);
    }

    /** W and b in double: what the fit differentiates (float32 steps would swamp its line search). */
    record Affine(double[][] weights, double[] bias) {
        double[] apply(float[] z) {
            double[] u = bias.clone();
            for (int i = 0; i < u.length; i++) {
                for (int j = 0; j < z.length; j++) {
                    u[i] += weights[i][j] * z[j];
                }
            }
            return u;
        }
    }

    Affine affine(double[] theta, int classes) {
        double[][] w = new double[classes][classes];
        double[] b = new double[classes];
        for (int i = 0; i < classes; i++) {
            switch (this) {
                case NONE -> w[i][i] = 1;
                // The scale is exp(theta) so a fitted temperature is always positive.
                case TEMPERATURE -> w[i][i] = Math.exp(theta[0]);
                case VECTOR -> {
                    w[i][i] = theta[i];
                    b[i] = theta[classes + i];
                }
                case MATRIX -> {
                    for (int j = 0; j < classes; j++) {
                        w[i][j] = theta[i * classes + j];
                    }
                    b[i] = theta[classes * classes + i];
                }
            }
        }
        return new Affine(w, b);
    }

    /** The gradient with respect to theta, from the gradient with respect to the full W and b. */
    double[] project(double[] theta, double[][] gradW, double[] gradB) {
        int k = gradB.length;
        double[] g = new double[theta.length];
        switch (this) {
            case NONE -> {
            }
            case TEMPERATURE -> {
                double trace = 0;
                for (int i = 0; i < k; i++) {
                    trace += gradW[i][i];
                }
                g[0] = Math.exp(theta[0]) * trace;
            }
            case VECTOR -> {
                for (int i = 0; i < k; i++) {
                    g[i] = gradW[i][i];
                    g[k + i] = gradB[i];
                }
            }
            case MATRIX -> {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        g[i * k + j] = gradW[i][j];
                    }
                    g[k * k + i] = gradB[i];
                }
            }
        }
        return g;
    }

    /** The regulariser's value and, added into {@code grad}, its gradient. */
    double penalty(double[] theta, double[] grad, int classes) {
        if (this != MATRIX) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < classes; i++) {
            for (int j = 0; j < classes; j++) {
                if (i != j) {
                    double w = theta[i * classes + j];
                    sum += w * w;
                    grad[i * classes + j] += 2 * OFF_DIAGONAL_PENALTY * w / (classes * (classes - 1));
                }
            }
        }
        return OFF_DIAGONAL_PENALTY * sum / (classes * (classes - 1));
    }
}
