package org.octflow.trainer.pipeline;

import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.core.experiment.ExperimentPlan;
import org.octflow.trainer.data.TrainingData;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Trains each variant of the plan on one data set and seed, saving each result as it finishes. A variant whose result
 * file already exists with the same recipe is read back, not retrained, so a long comparison can run in several
 * short sittings.
 */
public final class ExperimentRunner {
    private final ModelTraining training;
    private final PrintStream log;

    public ExperimentRunner(ModelTraining training, PrintStream log) {
        this.training = training;
        this.log = log;
    }

    /** @param only names to run now (empty = all); the others are only read back if present */
    public List<VariantResult> run(TrainingData data, ArchitectureConfig architecture, List<ExperimentPlan.Variant> plan,
                                   Path resultsDir, Set<String> only) {
        List<VariantResult> results = new ArrayList<>();
        for (ExperimentPlan.Variant variant : plan) {
            Path file = resultsDir.resolve(variant.name() + ".json");
            // Same recipe, same seed, same model: e.g. a best combination that is every technique is not retrained.
            VariantResult twin = results.stream().filter(r -> r.config().equals(variant.config())).findFirst().orElse(null);
            if (twin != null) {
                log.println("variant " + variant.name() + ": the same recipe as " + twin.name() + "; its result stands for both");
                results.add(twin.renamed(variant.name(), variant.description()));
                continue;
            }
            try {
                if (Files.isRegularFile(file)) {
                    VariantResult saved = ManifestFiles.json().readValue(file.toFile(), VariantResult.class);
                    if (saved.config().equals(variant.config())) {
                        log.println("variant " + variant.name() + ": reusing " + file);
                        results.add(saved);
                        continue;
                    }
                    log.println("variant " + variant.name() + ": " + file + " was trained with another recipe; retraining");
                }
                if (!only.isEmpty() && !only.contains(variant.name())) {
                    continue;
                }
                log.println("variant " + variant.name() + ": " + variant.description());
                VariantResult result = VariantResult.of(variant.name(), variant.description(), variant.config(),
                        training.run(data, architecture, variant.config()));
                Files.createDirectories(resultsDir);
                ManifestFiles.json().writeValue(file.toFile(), result);
                results.add(result);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read or write " + file + ": " + e.getMessage()
                        + " (delete it to retrain that variant)", e);
            }
        }
        return results;
    }
}
