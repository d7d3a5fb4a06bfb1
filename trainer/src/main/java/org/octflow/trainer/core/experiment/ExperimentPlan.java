package org.octflow.trainer.core.experiment;

import org.octflow.trainer.core.config.AugmentationConfig;
import org.octflow.trainer.core.config.ScheduleConfig;
import org.octflow.trainer.core.config.TrainingConfig;

import java.util.List;

/** The technique comparison: a baseline, each technique added alone, and the best combination. */
public final class ExperimentPlan {
    private ExperimentPlan() {
    }

    public record Variant(String name, String description, TrainingConfig config) {
    }

    /**
     * @param baseline no techniques (constant LR, no early stopping, no augmentation, unweighted loss)
     * @param best     the combination the default model is trained with
     */
    public static List<Variant> standard(TrainingConfig baseline, TrainingConfig best) {
        return List.of(
                new Variant("baseline", "constant LR, no techniques", baseline),
                new Variant("early-stopping", "+ early stopping on val loss (patience 4, best weights restored)",
                        baseline.withEarlyStopping(4)),
                new Variant("lr-step", "+ step LR (x0.5 every 10 epochs)", baseline.withSchedule(ScheduleConfig.of(ScheduleConfig.Kind.STEP))),
                new Variant("lr-cosine", "+ cosine LR", baseline.withSchedule(ScheduleConfig.of(ScheduleConfig.Kind.COSINE))),
                new Variant("lr-plateau", "+ reduce LR on plateau (x0.5 after 3 flat epochs)",
                        baseline.withSchedule(ScheduleConfig.of(ScheduleConfig.Kind.PLATEAU))),
                new Variant("accumulation", "+ gradient accumulation (4 micro-batches of " + baseline.batchSize() / 4
                        + " per update)", baseline.withBatchSize(Math.max(1, baseline.batchSize() / 4)).withAccumulation(4)),
                new Variant("augmentation", "+ augmentation (shift, rotation, flip, brightness/contrast, noise)",
                        baseline.withAugmentation(AugmentationConfig.standard())),
                new Variant("class-weights", "+ inverse-frequency class weights in the loss", baseline.withClassWeights(true)),
                new Variant("best", "the default recipe: all of the above except accumulation", best));
    }
}
