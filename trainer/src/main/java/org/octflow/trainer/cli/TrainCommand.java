package org.octflow.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.contracts.manifest.ReviewRule;
import org.octflow.dataset.DatasetException;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.core.manifest.ManifestFactory;
import org.octflow.trainer.core.manifest.MetricsJson;
import org.octflow.trainer.core.manifest.RunInfo;
import org.octflow.trainer.core.review.ReviewTarget;
import org.octflow.trainer.core.review.RiskCoverage;
import org.octflow.trainer.console.ConsoleProgress;
import org.octflow.trainer.data.TrainingData;
import org.octflow.trainer.dl4j.Dl4jOnnxExporter;
import org.octflow.trainer.pipeline.HistoryFiles;
import org.octflow.trainer.pipeline.ModelExport;
import org.octflow.trainer.pipeline.ModelTraining;
import org.octflow.trainer.pipeline.SeedRestarts;
import org.octflow.trainer.pipeline.TrainedModel;
import org.octflow.trainer.report.ModelReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train, calibrate on val, evaluate, export model.onnx + manifest.json (refused if ONNX Runtime disagrees with DL4J).")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;
    @Mixin
    TrainingOptions options;
    @Option(names = "--out", description = "model directory to write (default ${DEFAULT-VALUE})", defaultValue = "models/octmnist-cnn")
    Path out;
    @Option(names = "--name", description = "model name in the manifest (default ${DEFAULT-VALUE})", defaultValue = "octmnist-cnn")
    String name;
    @Option(names = "--restarts", description = "train from this many seeds (--seed, +1, ...) and keep the best val"
            + " macro AUC; capped by the image budget, so full OCTMNIST gets 1 (default ${DEFAULT-VALUE})", defaultValue = "3")
    int restarts;
    @Option(names = "--review-target", description = "what the REVIEW threshold is chosen for on val: accuracy:<share>"
            + " (auto-accepted scans at least that accurate) or referable-miss:<share> (at most that share of CNV/DME"
            + " scans auto-accepted as NORMAL or DRUSEN) (default ${DEFAULT-VALUE})", defaultValue = "accuracy:0.95",
            converter = ReviewTargetConverter.class)
    ReviewTarget reviewTarget;

    static final class ReviewTargetConverter implements CommandLine.ITypeConverter<ReviewTarget> {
        @Override
        public ReviewTarget convert(String value) {
            return ReviewTarget.parse(value);
        }
    }

    @Override
    public Integer call() throws DatasetException {
        TrainingConfig requested = options.training();
        ArchitectureConfig architecture = options.architecture();
        TrainingData dataset = data.load(requested.seed());
        TrainingConfig config = requested.withinImageBudget(dataset.train().count());
        if (config.epochs() < requested.epochs()) {
            System.out.printf(Locale.ROOT, "epochs: %d, capped from %d by the budget of %,d training images per run%n",
                    config.epochs(), requested.epochs(), TrainingConfig.IMAGE_BUDGET);
        }
        RunInfo run = RunInfos.current(TrainerMain.arguments);
        System.out.printf(Locale.ROOT, "data: %s (train %d, val %d, test %d)%n", dataset.provenance().paths(),
                dataset.train().count(), dataset.val().count(), dataset.test().count());

        int runs = config.restartsWithinBudget(restarts, dataset.train().count());
        if (runs < restarts) {
            System.out.printf(Locale.ROOT, "restarts: %d, capped from %d by the budget of %,d training images%n",
                    runs, restarts, TrainingConfig.IMAGE_BUDGET);
        }
        SeedRestarts.Outcome outcome = new SeedRestarts(new ModelTraining(options.networks(),
                new ConsoleProgress(System.err)), System.out).run(dataset, architecture, config, runs);
        TrainedModel trained = outcome.best();
        config = config.withSeed(outcome.bestSeed());
        ReviewRule review = new RiskCoverage(dataset.classes()).choose(reviewTarget, trained.valProbabilities(),
                trained.valLabels(), trained.valWeights(), trained.testProbabilities(), trained.testLabels());
        report(trained, review, dataset.provenance().description());

        ObjectNode metrics = JsonNodeFactory.instance.objectNode();
        metrics.put("note", dataset.provenance().description());
        metrics.set("val", MetricsJson.split(trained.val(), trained.valBefore(), trained.valEceFloor())
                .set("calibration", ManifestFactory.calibrationEvidence(trained.calibration())));
        metrics.set("test", MetricsJson.split(trained.test(), trained.testBefore(), trained.testEceFloor()));
        metrics.put("bestEpoch", trained.history().bestEpoch());
        metrics.put("epochsRun", trained.history().epochs().size());
        metrics.put("trainSeconds", Math.round(trained.history().seconds() * 10) / 10.0);
        metrics.set("restarts", ManifestFiles.json().valueToTree(outcome.restarts()));
        metrics.put("restartSelection", "the restart with the best val macro AUC is the model; test figures of the"
                + " others are listed for transparency, never used to choose");
        JsonNode training = ManifestFactory.training(
                ManifestFiles.json().valueToTree(dataset.provenance().sources()), dataset.provenance().description(), dataset.train().count(), dataset.val().count(),
                dataset.test().count(), configJson(architecture, config), run);

        ModelExport.Result result = new ModelExport(new Dl4jOnnxExporter(), System.out)
                .write(trained, review, dataset.test(), out, name, dataset.classes(), metrics, training, run);
        HistoryFiles.write(out, trained.history());
        new ModelReport(dataset.classes(), dataset.provenance().description()).write(out, result.manifest().id(),
                trained, reviewTarget, review, result, run.command());
        System.out.printf("wrote %s (%s), manifest %s%n", out.resolve(ManifestFactory.MODEL_FILE),
                result.manifest().id(), out.resolve(ManifestFiles.MANIFEST_FILE));
        return 0;
    }

    static void report(TrainedModel t, ReviewRule review, String note) {
        System.out.printf(Locale.ROOT, "%s%n", note);
        System.out.printf(Locale.ROOT, "best epoch %d of %d run, %.1f s%n",
                t.history().bestEpoch(), t.history().epochs().size(), t.history().seconds());
        System.out.printf(Locale.ROOT, "calibration: %s (%s prior); %d-fold cross-validated on val:%n",
                t.calibration().method(), t.calibration().prior(), t.calibration().folds());
        t.calibration().candidates().forEach(c -> System.out.printf(Locale.ROOT, "  %-11s log-loss %.4f  ECE %.4f%n",
                c.method(), c.cvLogLoss(), c.cvEce()));
        System.out.printf(Locale.ROOT, "val : acc %.4f  macro AUC %.4f  macro F1 %.4f  ECE %.4f -> %.4f%n",
                t.val().accuracy(), t.val().macroAuc(), t.val().macroF1(), t.valBefore().ece(), t.val().ece());
        System.out.printf(Locale.ROOT, "test: acc %.4f  macro AUC %.4f  macro F1 %.4f  ECE %.4f -> %.4f%n",
                t.test().accuracy(), t.test().macroAuc(), t.test().macroF1(), t.testBefore().ece(), t.test().ece());
        System.out.printf(Locale.ROOT, "review: auto-accept at top probability >= %.4f, for %s%n",
                review.minTopProbability(), review.target());
        for (var split : java.util.List.of(java.util.Map.entry("val ", review.val()), java.util.Map.entry("test", review.test()))) {
            var o = split.getValue();
            System.out.printf(Locale.ROOT, "%s: coverage %.3f  accepted accuracy %s  referable missed %.3f%n",
                    split.getKey(), o.coverage(), o.acceptedAccuracy() == null ? "-" : String.format(Locale.ROOT,
                            "%.3f", o.acceptedAccuracy()), o.referableMissRate());
        }
    }

    static JsonNode configJson(ArchitectureConfig architecture, TrainingConfig config) {
        ObjectNode node = ManifestFiles.json().valueToTree(config);
        node.put("architecture", architecture.convSpec());
        node.put("head", architecture.head().name());
        node.put("denseUnits", architecture.denseUnits());
        node.put("dropout", architecture.dropout());
        node.put("batchNorm", architecture.batchNorm());
        node.put("optimizer", "Adam");
        node.put("imbalance", config.classWeights() ? "inverse-frequency class weights in the cross-entropy" : "none");
        return node;
    }
}
