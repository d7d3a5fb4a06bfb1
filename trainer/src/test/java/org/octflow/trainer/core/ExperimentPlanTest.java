package org.octflow.trainer.core;

import org.junit.jupiter.api.Test;
import org.octflow.trainer.core.config.AugmentationConfig;
import org.octflow.trainer.core.config.ScheduleConfig;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.core.experiment.ExperimentPlan;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExperimentPlanTest {
    private final ExperimentPlan plan = new ExperimentPlan(TrainingConfig.defaults());
    private final TrainingConfig baseline = plan.baseline();

    private ExperimentPlan.Variant single(String name) {
        return plan.singles().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theBaselineIsTheRecipeWithEveryTechniqueTakenOut() {
        assertThat(baseline.schedule()).isEqualTo(ScheduleConfig.constant());
        assertThat(baseline.earlyStoppingPatience()).isZero();
        assertThat(baseline.augmentation().enabled()).isFalse();
        assertThat(baseline.classWeights()).isFalse();
        assertThat(baseline.accumulationSteps()).isEqualTo(1);
        assertThat(baseline.averagingDecay()).isZero();
        assertThat(baseline.withEpochs(1)).isEqualTo(TrainingConfig.defaults().withEpochs(1)
                .withSchedule(ScheduleConfig.constant()).withEarlyStopping(0).withAugmentation(AugmentationConfig.off())
                .withClassWeights(false).withWeightAveraging(0));
    }

    @Test
    void eachTechniqueVariantDiffersFromTheBaselineInOneTechniqueOnly() {
        assertThat(plan.singles()).extracting(ExperimentPlan.Variant::name).startsWith("baseline")
                .contains("early-stopping", "lr-step", "lr-cosine", "lr-plateau", "accumulation", "augmentation",
                        "class-weights", "weight-averaging");
        assertThat(plan.singles().get(0).config()).isEqualTo(baseline);
        assertThat(single("augmentation").config().withAugmentation(baseline.augmentation())).isEqualTo(baseline);
        assertThat(single("weight-averaging").config().withWeightAveraging(0)).isEqualTo(baseline);
        assertThat(single("early-stopping").config().earlyStoppingPatience())
                .isEqualTo(TrainingConfig.defaults().earlyStoppingPatience());
        TrainingConfig accumulation = single("accumulation").config();
        assertThat(accumulation.batchSize() * accumulation.accumulationSteps()).isEqualTo(baseline.batchSize());
    }

    @Test
    void allTechniquesHasEveryTechniqueWithTheCosineScheduleAndNoAccumulation() {
        TrainingConfig all = plan.allTechniques().config();
        assertThat(all.schedule()).isEqualTo(ScheduleConfig.of(ScheduleConfig.Kind.COSINE));
        assertThat(all.augmentation()).isEqualTo(AugmentationConfig.standard());
        assertThat(all.classWeights()).isTrue();
        assertThat(all.earlyStoppingPatience()).isPositive();
        assertThat(all.averagingDecay()).isPositive();
        assertThat(all.accumulationSteps()).isEqualTo(1);
    }

    @Test
    void theBestCombinationTakesWhatBeatTheBaselineOnValAndOnlyTheBestSchedule() {
        Map<String, Double> valAuc = Map.of("baseline", 0.88, "early-stopping", 0.87, "lr-step", 0.89,
                "lr-cosine", 0.90, "lr-plateau", 0.885, "accumulation", 0.95, "augmentation", 0.92,
                "class-weights", 0.881, "weight-averaging", 0.91);

        List<String> chosen = plan.chooseBest(valAuc);

        assertThat(chosen).containsExactlyInAnyOrder("lr-cosine", "augmentation", "class-weights", "weight-averaging");
        assertThat(plan.combination(chosen, "test").config()).isEqualTo(baseline
                .withSchedule(ScheduleConfig.of(ScheduleConfig.Kind.COSINE))
                .withAugmentation(AugmentationConfig.standard()).withClassWeights(true)
                .withWeightAveraging(TrainingConfig.defaults().averagingDecay()));
    }

    @Test
    void theBestCombinationIsTheBaselineWhenNoTechniqueHelped() {
        List<String> chosen = plan.chooseBest(Map.of("baseline", 0.9, "augmentation", 0.8));
        assertThat(chosen).isEmpty();
        assertThat(plan.combination(chosen, "test").config()).isEqualTo(baseline);
    }

    @Test
    void anUnknownTechniqueIsRefusedByName() {
        assertThatThrownBy(() -> plan.combination(List.of("dropout-magic"), "test"))
                .hasMessageContaining("dropout-magic").hasMessageContaining("augmentation");
    }
}
