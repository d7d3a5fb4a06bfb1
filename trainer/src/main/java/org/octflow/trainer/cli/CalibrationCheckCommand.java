package org.octflow.trainer.cli;

import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.dataset.DatasetException;
import org.octflow.dataset.LabeledImages;
import org.octflow.dataset.Split;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.runtime.ModelRunner;
import org.octflow.trainer.core.calibration.CalibrationChoice;
import org.octflow.trainer.core.calibration.DeploymentPrior;
import org.octflow.trainer.core.calibration.EceNoiseFloor;
import org.octflow.trainer.core.metrics.EvaluationReport;
import org.octflow.trainer.core.metrics.Evaluator;
import org.octflow.trainer.data.BatchAssembler;
import org.octflow.trainer.data.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * A shipped model's calibration, measured from its ONNX file as served (not from the trainer's memory): so a report's
 * figures can be reproduced, and a site can check a model on scans of its own.
 */
@Command(name = "check-calibration", mixinStandardHelpOptions = true,
        description = "Accuracy, log-loss and ECE of a model directory's served probabilities (its ONNX graph, sha256"
                + " checked) on labelled scans, and the ECE a perfectly calibrated model would score on the same"
                + " images. Val is scored under the manifest's deployment prior (its images importance-weighted to"
                + " it), as the model report does; other splits as they are.")
final class CalibrationCheckCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;
    @Option(names = "--model", required = true, description = "a model directory (manifest.json and its ONNX file)")
    Path model;
    @Option(names = "--split", description = "VAL, TEST or TRAIN (default ${DEFAULT-VALUE})", defaultValue = "VAL")
    Split split;
    @Option(names = "--seed", defaultValue = "42",
            description = "splits a folder of scans; seeds the noise floor's draws (default ${DEFAULT-VALUE})")
    long seed;
    PrintStream out = System.out;

    @Override
    public Integer call() throws DatasetException {
        ModelManifest manifest = ManifestFiles.readVerified(model);
        TrainingData dataset = data.load(seed);
        if (!dataset.classes().equals(manifest.classes())) {
            throw new IllegalArgumentException("the data's classes " + dataset.classes() + " are not the model's "
                    + manifest.classes() + ": use data labelled with the model's classes");
        }
        LabeledImages images = dataset.split(split);
        int classes = manifest.classes().size();
        float[] features = new BatchAssembler(new ScanPreprocessor(manifest.normalization().mean(),
                manifest.normalization().std()), null, seed).features(images, BatchAssembler.range(0, images.count()));
        float[][] served;
        try (ModelRunner runner = new ModelRunner(Files.readAllBytes(model.resolve(manifest.modelFile())), 2)) {
            served = runner.predict(features, images.side(), classes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the model file of " + model + ": " + e.getMessage(), e);
        }
        int[] labels = images.labels();
        DeploymentPrior prior = manifest.calibration() == null ? DeploymentPrior.TRAINING
                : DeploymentPrior.valueOf(manifest.calibration().deploymentPrior());
        // The report scores val under the deployment prior and the other splits as they are; so does this.
        DeploymentPrior scoredUnder = split == Split.VAL ? prior : DeploymentPrior.TRAINING;
        double[] weights = scoredUnder.sampleWeights(labels, classes);
        double[] mix = CalibrationChoice.frequencies(labels, classes);
        EceNoiseFloor floor = EceNoiseFloor.of(served, scoredUnder, mix, EceNoiseFloor.DRAWS, seed);
        out.printf(Locale.ROOT, "%s on %s %s (%d images), scored %s:%n", manifest.id(), dataset.provenance().paths(),
                split.name().toLowerCase(Locale.ROOT), labels.length, split == Split.VAL
                        ? "under the deployment prior " + prior + " (val images importance-weighted to it)"
                        : "as the split is");
        EvaluationReport figures = new Evaluator(manifest.classes()).evaluate(served, labels, weights);
        out.printf(Locale.ROOT, "accuracy %.4f, log-loss %.4f, ECE %.4f%n", figures.accuracy(), figures.logLoss(),
                figures.ece());
        out.printf(Locale.ROOT, "a perfectly calibrated model would score ECE %.4f here (median of %d draws;"
                + " 90 %% of them below %.4f): an ECE under that cannot be told from perfect on these images%n",
                floor.median(), floor.draws(), floor.p90());
        return 0;
    }
}
