package org.octflow.trainer.pipeline;

import org.octflow.trainer.core.calibration.LogitCalibration;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.core.metrics.EvaluationReport;
import org.octflow.trainer.core.train.TrainingHistory;

/** One experiment variant's outcome, saved as JSON so an interrupted experiment resumes where it stopped. */
public record VariantResult(String name, String description, TrainingConfig config, LogitCalibration calibration,
                            EvaluationReport valBefore, EvaluationReport val, EvaluationReport testBefore,
                            EvaluationReport test, TrainingHistory history, float[][] testLogits, int[] testLabels) {

    VariantResult renamed(String newName, String newDescription) {
        return new VariantResult(newName, newDescription, config, calibration, valBefore, val, testBefore, test, history,
                testLogits, testLabels);
    }

    static VariantResult of(String name, String description, TrainingConfig config, TrainedModel t) {
        return new VariantResult(name, description, config, t.calibration().calibration(), t.valBefore(), t.val(), t.testBefore(),
                t.test(), t.history(), t.testLogits(), t.testLabels());
    }
}
