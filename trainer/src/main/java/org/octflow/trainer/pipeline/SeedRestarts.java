package org.octflow.trainer.pipeline;

import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.data.TrainingData;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains the same recipe from several seeds and keeps the run with the best val macro AUC. On a small training set
 * the seed alone moves the result by a point or more; choosing among restarts on val (never on test) takes the
 * luck out of which model is shipped. Only the best network is kept in memory.
 */
public final class SeedRestarts {
    private final ModelTraining training;
    private final PrintStream log;

    public SeedRestarts(ModelTraining training, PrintStream log) {
        this.training = training;
        this.log = log;
    }

    /** One restart's figures, for the manifest: what was chosen from, and why. */
    public record Restart(long seed, double valMacroAuc, double valAccuracy, double testMacroAuc, int bestEpoch) {
    }

    public record Outcome(TrainedModel best, long bestSeed, List<Restart> restarts) {
    }

    /** @param count restarts, seeds {@code config.seed()}, +1, +2, ... */
    public Outcome run(TrainingData data, ArchitectureConfig architecture, TrainingConfig config, int count) {
        TrainedModel best = null;
        long bestSeed = config.seed();
        List<Restart> restarts = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            long seed = config.seed() + k;
            TrainedModel model = training.run(data, architecture, config.withSeed(seed));
            restarts.add(new Restart(seed, model.val().macroAuc(), model.val().accuracy(), model.test().macroAuc(),
                    model.history().bestEpoch()));
            if (count > 1) {
                log.printf(Locale.ROOT, "restart %d/%d (seed %d): val macro AUC %.4f, val acc %.4f%n", k + 1, count,
                        seed, model.val().macroAuc(), model.val().accuracy());
            }
            if (best == null || model.val().macroAuc() > best.val().macroAuc()) {
                best = model;
                bestSeed = seed;
            }
        }
        if (count > 1) {
            log.printf(Locale.ROOT, "kept seed %d: the best val macro AUC of %d restarts%n", bestSeed, count);
        }
        return new Outcome(best, bestSeed, List.copyOf(restarts));
    }
}
