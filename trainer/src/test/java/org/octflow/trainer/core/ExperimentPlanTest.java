package org.octflow.trainer.core;

import org.junit.jupiter.api.Test;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.core.experiment.ExperimentPlan;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExperimentPlanTest {
    @Test
    void eachTechniqueVariantDiffersFromTheBaselineInOneTechniqueOnly() {
        TrainingConfig baseline = TrainingConfig.baseline();
        List<ExperimentPlan.Variant> plan = ExperimentPlan.standard(baseline, TrainingConfig.defaults(),
                List.of("lr-cosine", "early-stopping"));
        assertThat(plan.get(0).config()).isEqualTo(baseline);
        assertThat(plan).extracting(ExperimentPlan.Variant::name).startsWith("baseline").endsWith("best")
                .contains("early-stopping", "lr-step", "lr-cosine", "lr-plateau", "accumulation", "augmentation", "class-weights");
        ExperimentPlan.Variant augmentation = plan.stream().filter(v -> v.name().equals("augmentation")).findFirst().orElseThrow();
        assertThat(augmentation.config().withAugmentation(baseline.augmentation())).isEqualTo(baseline);
        ExperimentPlan.Variant accumulation = plan.stream().filter(v -> v.name().equals("accumulation")).findFirst().orElseThrow();
        assertThat(accumulation.config().batchSize() * accumulation.config().accumulationSteps()).isEqualTo(baseline.batchSize());
        ExperimentPlan.Variant best = plan.get(plan.size() - 1);
        assertThat(best.config()).isEqualTo(baseline.withSchedule(
                org.octflow.trainer.core.config.ScheduleConfig.of(org.octflow.trainer.core.config.ScheduleConfig.Kind.COSINE))
                .withEarlyStopping(4));
    }
}
