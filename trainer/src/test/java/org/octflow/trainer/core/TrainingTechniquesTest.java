package org.octflow.trainer.core;

import org.junit.jupiter.api.Test;
import org.octflow.trainer.core.config.ScheduleConfig;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.core.train.ClassWeights;
import org.octflow.trainer.core.train.EarlyStopping;
import org.octflow.trainer.core.train.LearningRateSchedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrainingTechniquesTest {

    @Test
    void earlyStoppingStopsAfterPatienceAndRemembersTheBestEpoch() {
        EarlyStopping stopping = new EarlyStopping(2);
        assertThat(stopping.record(1, 1.0)).isTrue();
        assertThat(stopping.record(2, 0.8)).isTrue();
        assertThat(stopping.record(3, 0.9)).isFalse();
        assertThat(stopping.shouldStop()).isFalse();
        stopping.record(4, 0.85);
        assertThat(stopping.shouldStop()).isTrue();
        assertThat(stopping.bestEpoch()).isEqualTo(2);
    }

    @Test
    void theImageBudgetCapsEpochsOnlyOnLargeTrainingSets() {
        assertThat(TrainingConfig.defaults().withinImageBudget(1_387).epochs()).isEqualTo(100);
        assertThat(TrainingConfig.defaults().withinImageBudget(97_477).epochs()).isEqualTo(13);
    }

    @Test
    void restartsFitTheImageBudgetOnTheSubsetButNotOnTheFullSet() {
        TrainingConfig subset = TrainingConfig.defaults().withinImageBudget(1_387);
        assertThat(subset.restartsWithinBudget(4, 1_387)).isEqualTo(4);
        TrainingConfig full = TrainingConfig.defaults().withinImageBudget(97_477);
        assertThat(full.restartsWithinBudget(4, 97_477)).isEqualTo(1);
        assertThat(subset.restartsWithinBudget(0, 1_387)).isEqualTo(1);
    }

    @Test
    void stepScheduleHalvesEveryStep() {
        LearningRateSchedule s = new LearningRateSchedule(new ScheduleConfig(ScheduleConfig.Kind.STEP, 10, 0.5, 0), 1e-3, 30);
        assertThat(s.rateFor(9)).isEqualTo(1e-3);
        assertThat(s.rateFor(10)).isEqualTo(5e-4);
        assertThat(s.rateFor(25)).isEqualTo(2.5e-4);
    }

    @Test
    void cosineScheduleFallsFromBaseTowardsZero() {
        LearningRateSchedule s = new LearningRateSchedule(ScheduleConfig.of(ScheduleConfig.Kind.COSINE), 1e-3, 10);
        assertThat(s.rateFor(0)).isEqualTo(1e-3);
        assertThat(s.rateFor(5)).isCloseTo(5e-4, within(1e-12));
        assertThat(s.rateFor(9)).isLessThan(1e-4);
    }

    @Test
    void plateauScheduleDecaysOnlyAfterPatienceEpochsWithoutImprovement() {
        LearningRateSchedule s = new LearningRateSchedule(new ScheduleConfig(ScheduleConfig.Kind.PLATEAU, 0, 0.1, 2), 1.0, 50);
        s.observeValidationLoss(1.0);
        s.observeValidationLoss(1.1);
        assertThat(s.rateFor(2)).isEqualTo(1.0);
        s.observeValidationLoss(1.05);
        assertThat(s.rateFor(3)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void classWeightsAreInverseFrequencyAndOneWhenBalanced() {
        assertThat(ClassWeights.inverseFrequency(new int[]{10, 10})).containsExactly(1f, 1f);
        float[] w = ClassWeights.inverseFrequency(new int[]{300, 100});
        assertThat(w[1] / w[0]).isCloseTo(3f, within(1e-6f));
        assertThat(300 * w[0] + 100 * w[1]).isCloseTo(400f, within(1e-3f));
    }
}
