package org.octflow.trainer.pipeline;

import org.octflow.trainer.core.calibration.CalibrationChoice;
import org.octflow.trainer.core.calibration.EceNoiseFloor;
import org.octflow.trainer.core.metrics.EvaluationReport;
import org.octflow.trainer.core.train.TrainingHistory;
import org.octflow.trainer.data.Normalization;
import org.octflow.trainer.dl4j.Dl4jModel;

/**
 * A trained, calibrated and evaluated model, before export.
 *
 * @param calibration       the calibration chosen and fitted on val, with every candidate's cross-validated figures
 * @param valBefore         val figures of the network's own probabilities, under the deployment prior (accuracy,
 *                          log-loss and ECE of val importance-weighted to it)
 * @param val               the same after calibration (fitted here: optimistic; the choice's cross-validated
 *                          figures are not)
 * @param testBefore        test figures of the network's own probabilities
 * @param test              test figures after calibration
 * @param testLogits        output-layer pre-activations on test, for ROC and reliability plots
 * @param valEceFloor       the val ECE a perfectly calibrated model would score, scored as val is
 * @param testEceFloor      the same for test, scored as the split is
 */
public record TrainedModel(Dl4jModel model, Normalization normalization, CalibrationChoice calibration,
                           TrainingHistory history,
                           EvaluationReport valBefore, EvaluationReport val, EvaluationReport testBefore,
                           EvaluationReport test, float[][] testLogits, int[] testLabels,
                           float[][] valLogits, int[] valLabels, EceNoiseFloor valEceFloor,
                           EceNoiseFloor testEceFloor) {

    /** The served (calibrated) probabilities on val. */
    public float[][] valProbabilities() {
        return calibration.calibration().probabilities(valLogits);
    }

    /** Per val image, its weight under the deployment prior (null: val's own mix). */
    public double[] valWeights() {
        return calibration.prior().sampleWeights(valLabels, valLogits[0].length);
    }

    /** The served (calibrated) probabilities on test. */
    public float[][] testProbabilities() {
        return calibration.calibration().probabilities(testLogits);
    }

}
