package org.octflow.trainer.core.experiment;

import org.octflow.trainer.core.config.AugmentationConfig;
import org.octflow.trainer.core.config.ScheduleConfig;
import org.octflow.trainer.core.config.TrainingConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The technique comparison: a baseline, each technique added alone, all techniques together, and the best
 * combination (the techniques chosen from the single-technique runs, by their val figures).
 */
public final class ExperimentPlan {
    private ExperimentPlan() {
    }

    public record Variant(String name, String description, TrainingConfig config) {
    }

    private record Technique(String description, UnaryOperator<TrainingConfig> apply) {
    }

    private static Map<String, Technique> techniques(TrainingConfig baseline) {
        Map<String, Technique> t = new LinkedHashMap<>();
        t.put("early-stopping", new Technique("early stopping on val loss (patience 4, best weights restored)",
                c -> c.withEarlyStopping(4)));
        t.put("lr-step", new Technique("step LR (x0.5 every 10 epochs)", c -> c.withSchedule(ScheduleConfig.of(ScheduleConfig.Kind.STEP))));
        t.put("lr-cosine", new Technique("cosine LR", c -> c.withSchedule(ScheduleConfig.of(ScheduleConfig.Kind.COSINE))));
        t.put("lr-plateau", new Technique("reduce LR on plateau (x0.5 after 3 flat epochs)",
                c -> c.withSchedule(ScheduleConfig.of(ScheduleConfig.Kind.PLATEAU))));
        int micro = Math.max(1, baseline.batchSize() / 4);
        t.put("accumulation", new Technique("gradient accumulation (4 micro-batches of " + micro + " per update)",
                c -> c.withBatchSize(micro).withAccumulation(4)));
        t.put("augmentation", new Technique("augmentation (shift, rotation, flip, brightness/contrast, noise)",
                c -> c.withAugmentation(AugmentationConfig.standard())));
        t.put("class-weights", new Technique("inverse-frequency class weights in the loss", c -> c.withClassWeights(true)));
        return t;
    }

    /**
     * @param baseline       no techniques (constant LR, no early stopping, no augmentation, unweighted loss)
     * @param allTechniques  every technique at once (accumulation excepted)
     * @param bestOf         technique names making up the "best" variant; empty = no best variant yet
     */
    public static List<Variant> standard(TrainingConfig baseline, TrainingConfig allTechniques, List<String> bestOf) {
        Map<String, Technique> techniques = techniques(baseline);
        List<Variant> plan = new ArrayList<>();
        plan.add(new Variant("baseline", "constant LR, no techniques", baseline));
        techniques.forEach((name, t) -> plan.add(new Variant(name, "+ " + t.description(), t.apply().apply(baseline))));
        plan.add(new Variant("all-techniques", "the recipe's techniques all at once (no accumulation)", allTechniques));
        if (!bestOf.isEmpty()) {
            TrainingConfig best = baseline;
            for (String name : bestOf) {
                Technique t = techniques.get(name);
                if (t == null) {
                    throw new IllegalArgumentException("unknown technique '" + name + "' in --best-of; known: "
                            + techniques.keySet());
                }
                best = t.apply().apply(best);
            }
            plan.add(new Variant("best", "best combination: " + String.join(" + ", bestOf)
                    + " (chosen by val figures of the single-technique runs)", best));
        }
        return plan;
    }
}
