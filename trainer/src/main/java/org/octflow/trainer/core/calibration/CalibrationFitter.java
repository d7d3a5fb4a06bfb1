package org.octflow.trainer.core.calibration;

import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * Fits a {@link CalibrationMethod} by minimising the mean log-loss of softmax(W z + b) on held-out logits (plus the
 * method's regulariser). Every method's loss is convex in its parameters but temperature's (convex in log T is
 * enough here), so conjugate gradient from the identity finds the optimum.
 */
public final class CalibrationFitter {
    private static final int MAX_ITERATIONS = 2_000;

    public LogitCalibration fit(CalibrationMethod method, float[][] logits, int[] labels) {
        int classes = logits[0].length;
        if (method == CalibrationMethod.NONE) {
            return LogitCalibration.identity(classes);
        }
        NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-10, 1e-12));
        PointValuePair optimum = optimizer.optimize(new MaxEval(50 * MAX_ITERATIONS), new MaxIter(MAX_ITERATIONS),
                GoalType.MINIMIZE, new InitialGuess(method.identity(classes)),
                new ObjectiveFunction(theta -> loss(method, theta, logits, labels, null)),
                new ObjectiveFunctionGradient(theta -> {
                    double[] grad = new double[theta.length];
                    loss(method, theta, logits, labels, grad);
                    return grad;
                }));
        return method.calibration(optimum.getPoint(), classes);
    }

    /** The mean log-loss plus penalty at theta; with {@code grad} non-null, also its gradient, written there. */
    static double loss(CalibrationMethod method, double[] theta, float[][] logits, int[] labels, double[] grad) {
        int k = logits[0].length;
        CalibrationMethod.Affine affine = method.affine(theta, k);
        double[][] gradW = new double[k][k];
        double[] gradB = new double[k];
        double total = 0;
        for (int n = 0; n < labels.length; n++) {
            double[] p = Softmax.of(affine.apply(logits[n]));
            total -= Math.log(Math.max(p[labels[n]], 1e-12));
            if (grad != null) {
                // d(-log p_y)/du_i = p_i - [i == y], and u = W z + b
                for (int i = 0; i < k; i++) {
                    double d = (p[i] - (i == labels[n] ? 1 : 0)) / labels.length;
                    gradB[i] += d;
                    for (int j = 0; j < k; j++) {
                        gradW[i][j] += d * logits[n][j];
                    }
                }
            }
        }
        double[] scratch = new double[theta.length];
        double penalty = method.penalty(theta, scratch, k);
        if (grad != null) {
            double[] g = method.project(theta, gradW, gradB);
            for (int i = 0; i < g.length; i++) {
                grad[i] = g[i] + scratch[i];
            }
        }
        return total / labels.length + penalty;
    }
}
