package org.octflow.trainer.core.metrics;

import java.util.List;

/**
 * How a model did on one split.
 *
 * @param confusion rows = true class, columns = predicted class
 * @param ece       expected calibration error (15 equal-width confidence bins) of the probabilities evaluated
 */
public record EvaluationReport(int count, double accuracy, double macroAuc, double macroF1, double logLoss,
                               double ece, List<ClassMetrics> perClass, int[][] confusion) {

    public ClassMetrics forClass(String name) {
        return perClass.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no class " + name + " in " + perClass));
    }
}
