package org.octflow.trainer.core.experiment;

import org.octflow.trainer.core.config.AugmentationConfig;
import org.octflow.trainer.core.config.ScheduleConfig;
import org.octflow.trainer.core.config.TrainingConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The technique comparison: a baseline, each technique added alone, all techniques together, and the best
 * combination, chosen from the single-technique runs by their val figures (never by test figures).
 */
public final class ExperimentPlan {
    /** The schedules replace one another, so a combination holds at most one of them. */
    private static final Set<String> SCHEDULES = Set.of("lr-step", "lr-cosine", "lr-plateau");
    /**
     * Accumulation is a memory technique: N micro-batches per update make the same update as one batch of their
     * examples (tested), so it cannot improve a model and is left out of combinations.
     */
    private static final String ACCUMULATION = "accumulation";

    private final TrainingConfig baseline;
    private final Map<String, Technique> techniques;

    public record Variant(String name, String description, TrainingConfig config) {
    }

    private record Technique(String description, UnaryOperator<TrainingConfig> apply) {
    }

    /**
     * @param recipe the budget, optimiser and seed every variant keeps, and the techniques' settings (early-stopping
     *               patience, averaging decay); the baseline is this recipe with every technique taken out
     */
    public ExperimentPlan(TrainingConfig recipe) {
        this.baseline = recipe.withSchedule(ScheduleConfig.constant()).withEarlyStopping(0)
                .withAugmentation(AugmentationConfig.off()).withClassWeights(false).withAccumulation(1)
                .withWeightAveraging(0);
        int patience = Math.max(1, recipe.earlyStoppingPatience());
        double decay = recipe.averagingDecay() > 0 ? recipe.averagingDecay() : TrainingConfig.defaults().averagingDecay();
        Map<String, Technique> t = new LinkedHashMap<>();
        t.put("early-stopping", new Technique("early stopping on val loss (patience " + patience
                + ", best weights restored)", c -> c.withEarlyStopping(patience)));
        t.put("lr-step", new Technique("step LR (x0.5 every 10 epochs)", c -> c.withSchedule(ScheduleConfig.of(ScheduleConfig.Kind.STEP))));
        t.put("lr-cosine", new Technique("cosine LR", c -> c.withSchedule(ScheduleConfig.of(ScheduleConfig.Kind.COSINE))));
        t.put("lr-plateau", new Technique("reduce LR on plateau (x0.5 after 3 flat epochs)",
                c -> c.withSchedule(ScheduleConfig.of(ScheduleConfig.Kind.PLATEAU))));
        int micro = Math.max(1, baseline.batchSize() / 4);
        t.put(ACCUMULATION, new Technique("gradient accumulation (4 micro-batches of " + micro + " per update)",
                c -> c.withBatchSize(micro).withAccumulation(4)));
        t.put("augmentation", new Technique("augmentation (shift, rotation, flip, brightness/contrast, noise)",
                c -> c.withAugmentation(AugmentationConfig.standard())));
        t.put("class-weights", new Technique("inverse-frequency class weights in the loss", c -> c.withClassWeights(true)));
        t.put("weight-averaging", new Technique("moving average of the weights (decay " + decay + " per update)",
                c -> c.withWeightAveraging(decay)));
        this.techniques = t;
    }

    public TrainingConfig baseline() {
        return baseline;
    }

    /** The baseline, then each technique alone on top of it. */
    public List<Variant> singles() {
        List<Variant> plan = new ArrayList<>();
        plan.add(new Variant("baseline", "constant LR, no techniques", baseline));
        techniques.forEach((name, t) -> plan.add(new Variant(name, "+ " + t.description(), t.apply().apply(baseline))));
        return plan;
    }

    /** Every technique at once, with the cosine schedule, accumulation excepted. */
    public Variant allTechniques() {
        List<String> all = techniques.keySet().stream()
                .filter(name -> !name.equals(ACCUMULATION) && (!SCHEDULES.contains(name) || name.equals("lr-cosine")))
                .toList();
        return new Variant("all-techniques", "every technique at once (cosine LR; no accumulation)", withTechniques(all));
    }

    /** The baseline plus the named techniques. */
    public Variant combination(List<String> names, String why) {
        String list = names.isEmpty() ? "none (no technique beat the baseline)" : String.join(" + ", names);
        return new Variant("best", "best combination: " + list + " (" + why + ")", withTechniques(names));
    }

    private TrainingConfig withTechniques(List<String> names) {
        TrainingConfig config = baseline;
        for (String name : names) {
            Technique t = techniques.get(name);
            if (t == null) {
                throw new IllegalArgumentException("unknown technique '" + name + "'; known: " + techniques.keySet());
            }
            config = t.apply().apply(config);
        }
        return config;
    }

    /**
     * The techniques worth combining: those whose single run beat the baseline's val macro AUC (AUC does not depend
     * on the class priors, which class weights shift), keeping only the best of the LR schedules, never accumulation.
     *
     * @param valAuc val macro AUC by variant name, the baseline's included
     */
    public List<String> chooseBest(Map<String, Double> valAuc) {
        Double base = valAuc.get("baseline");
        if (base == null) {
            throw new IllegalArgumentException("the baseline's result is needed to choose the best combination");
        }
        String bestSchedule = null;
        List<String> chosen = new ArrayList<>();
        for (String name : techniques.keySet()) {
            Double auc = valAuc.get(name);
            if (auc == null || auc <= base || name.equals(ACCUMULATION)) {
                continue;
            }
            if (SCHEDULES.contains(name)) {
                if (bestSchedule == null || auc > valAuc.get(bestSchedule)) {
                    bestSchedule = name;
                }
            } else {
                chosen.add(name);
            }
        }
        if (bestSchedule != null) {
            chosen.add(0, bestSchedule);
        }
        return chosen;
    }
}
