package org.octflow.trainer.pipeline;

import org.octflow.trainer.core.metrics.EvaluationReport;
import org.octflow.trainer.core.train.TrainingHistory;
import org.octflow.trainer.data.Normalization;
import org.octflow.trainer.dl4j.Dl4jModel;

/**
 * A trained, calibrated and evaluated model, before export.
 *
 * @param valBefore         val figures with temperature 1
 * @param val               val figures after calibration (the temperature was fitted here: optimistic)
 * @param testBefore        test figures with temperature 1
 * @param test              test figures after calibration
 * @param testLogits        output-layer pre-activations on test, for ROC and reliability plots
 */
public record TrainedModel(Dl4jModel model, Normalization normalization, double temperature, TrainingHistory history,
                           EvaluationReport valBefore, EvaluationReport val, EvaluationReport testBefore,
                           EvaluationReport test, float[][] testLogits, int[] testLabels,
                           float[][] valLogits, int[] valLabels) {
}
