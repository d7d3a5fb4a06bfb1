package org.octflow.trainer.core.metrics;

/** One class's figures, one-vs-rest. */
public record ClassMetrics(String name, double precision, double recall, double f1, double auc, int support) {
}
