package org.octflow.trainer.core;

import org.junit.jupiter.api.Test;
import org.octflow.trainer.core.metrics.EvaluationReport;
import org.octflow.trainer.core.metrics.Evaluator;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvaluatorTest {
    final Evaluator evaluator = new Evaluator(List.of("A", "B", "C"));

    @Test
    void perfectPredictionsScoreOneEverywhere() {
        float[][] p = {{0.9f, 0.05f, 0.05f}, {0.1f, 0.8f, 0.1f}, {0.2f, 0.2f, 0.6f}, {0.7f, 0.2f, 0.1f}};
        EvaluationReport r = evaluator.evaluate(p, new int[]{0, 1, 2, 0});
        assertThat(r.accuracy()).isEqualTo(1.0);
        assertThat(r.macroAuc()).isEqualTo(1.0);
        assertThat(r.macroF1()).isEqualTo(1.0);
        assertThat(r.confusion()).isEqualTo(new int[][]{{2, 0, 0}, {0, 1, 0}, {0, 0, 1}});
    }

    @Test
    void aucCountsTiesAsHalf() {
        // Class A scores: positives 0.5 and 0.5, negatives 0.5 and 0.1: AUC = (1 + 0.5 + 1 + 0.5) / 4 = 0.75.
        float[][] p = {{0.5f, 0.5f, 0f}, {0.5f, 0.5f, 0f}, {0.5f, 0.5f, 0f}, {0.1f, 0.9f, 0f}};
        EvaluationReport r = evaluator.evaluate(p, new int[]{0, 0, 1, 1});
        assertThat(r.forClass("A").auc()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void precisionRecallAndF1FollowTheConfusionMatrix() {
        float[][] p = {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 1, 0}};
        EvaluationReport r = evaluator.evaluate(p, new int[]{0, 1, 1, 2});
        assertThat(r.forClass("A").precision()).isEqualTo(0.5);
        assertThat(r.forClass("A").recall()).isEqualTo(1.0);
        assertThat(r.forClass("B").recall()).isEqualTo(0.5);
        assertThat(r.forClass("C").f1()).isEqualTo(0.0);
        assertThat(r.accuracy()).isEqualTo(0.5);
    }

    @Test
    void eceIsTheGapBetweenConfidenceAndAccuracy() {
        // Always 90% confident, right half of the time: ECE = 0.4.
        float[][] p = {{0.9f, 0.05f, 0.05f}, {0.9f, 0.05f, 0.05f}};
        assertThat(Evaluator.expectedCalibrationError(p, new int[]{0, 1})).isCloseTo(0.4, within(1e-6));
    }
}
