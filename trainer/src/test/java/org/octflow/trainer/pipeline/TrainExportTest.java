package org.octflow.trainer.pipeline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.manifest.ReviewRule;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.core.config.AugmentationConfig;
import org.octflow.trainer.core.config.CalibrationConfig;
import org.octflow.trainer.core.config.ScheduleConfig;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.core.manifest.RunInfo;
import org.octflow.trainer.core.metrics.Evaluator;
import org.octflow.trainer.core.review.ReviewTarget;
import org.octflow.trainer.core.review.RiskCoverage;
import org.octflow.trainer.console.ConsoleProgress;
import org.octflow.trainer.data.TrainingData;
import org.octflow.trainer.dl4j.Dl4jOnnxExporter;
import org.octflow.trainer.dl4j.NetworkFactory;
import org.octflow.trainer.report.ModelReport;
import org.octflow.runtime.ModelRunner;
import org.octflow.runtime.ScanTranslator;
import org.octflow.trainer.support.SyntheticOct;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole path on a small learnable synthetic set: train -> calibrate -> export -> ONNX Runtime. */
class TrainExportTest {
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final ArchitectureConfig ARCHITECTURE = ArchitectureConfig.parse("4,8p,8p", 16, 0.2, true);
    @TempDir
    Path temp;

    static TrainingConfig quick() {
        return new TrainingConfig(4, 16, 5e-3, 1e-4, 11, ScheduleConfig.of(ScheduleConfig.Kind.COSINE), 0, 1,
                AugmentationConfig.standard(), true, CalibrationConfig.standard(), 0);
    }

    static TrainedModel train(TrainingData data, TrainingConfig config) {
        return new ModelTraining(new NetworkFactory(), ConsoleProgress.quiet())
                .run(data, ARCHITECTURE, config);
    }

    @Test
    void aTrainedModelServedByOnnxRuntimeClassifiesWellAboveChance() throws Exception {
        TrainingData data = SyntheticOct.load(temp, 240, 80, 80, 1);
        TrainedModel trained = train(data, quick());
        Path dir = temp.resolve("model");

        ReviewRule review = new RiskCoverage(data.classes()).choose(ReviewTarget.defaults(), trained.valProbabilities(),
                trained.valLabels(), trained.testProbabilities(), trained.testLabels());

        ModelExport.Result result = new ModelExport(new Dl4jOnnxExporter(), QUIET).write(trained, review, data.test(), dir, "synthetic",
                data.classes(), JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(),
                new RunInfo("test", "none", Instant.parse("2026-11-25T00:00:00Z")));

        assertThat(result.maxDifference()).isLessThan(ModelExport.TOLERANCE);
        assertThat(result.evidenceMaxDifference()).as("a dense head has no evidence output").isNaN();
        ModelManifest manifest = ManifestFiles.readVerified(dir);
        assertThat(manifest.input().name()).isEqualTo("scans");
        assertThat(manifest.output().name()).isEqualTo("probabilities");
        assertThat(manifest.normalization().mean()).isEqualTo(trained.normalization().mean());
        assertThat(manifest.calibration().method()).isEqualTo(trained.calibration().method().name());
        assertThat(manifest.calibration().bias()).hasSize(4);
        assertThat(manifest.review()).isEqualTo(review);
        ScanTranslator served = ScanTranslator.of(manifest);
        float[] test = served.inputRows(IntStream.range(0, data.test().count()).mapToObj(data.test()::image).toList());
        try (ModelRunner ort = new ModelRunner(Files.readAllBytes(dir.resolve(manifest.modelFile())), 2)) {
            float[][] probabilities = ort.predict(test, served.inputSide(), served.classCount());
            double accuracy = new Evaluator(data.classes()).evaluate(probabilities, data.test().labels()).accuracy();
            assertThat(accuracy).isGreaterThan(0.8);
        }

        new ModelReport(data.classes(), "synthetic").write(dir, manifest.id(), trained, ReviewTarget.defaults(), review,
                result, "train");
        assertThat(Files.readString(dir.resolve(ModelReport.FILE)))
                .contains("Chosen: **" + trained.calibration().method() + "**")
                .contains("| val | " + data.val().count() + " |")
                .contains("None: this model's dense head")
                .contains("A perfectly calibrated model would score ECE").contains("check-calibration");
        for (String png : java.util.List.of("reliability-val.png", "reliability-test.png", "risk-coverage.png")) {
            assertThat(javax.imageio.ImageIO.read(dir.resolve(png).toFile())).as(png).isNotNull();
        }
    }

    @Test
    void aGlobalAveragePoolingModelIsExportedWithItsEvidenceMapsCheckedAgainstDl4j() throws Exception {
        TrainingData data = SyntheticOct.load(temp, 96, 32, 32, 3);
        TrainedModel trained = new ModelTraining(new NetworkFactory(), ConsoleProgress.quiet()).run(data,
                ArchitectureConfig.parse("4,8p,8p", 0, 0.2, true, ArchitectureConfig.Head.GLOBAL_AVERAGE),
                quick().withEpochs(2));

        ModelExport.Result result = new ModelExport(new Dl4jOnnxExporter(), QUIET).write(trained, null, data.test(),
                temp.resolve("gap"), "synthetic", data.classes(), JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.objectNode(), new RunInfo("test", "none", Instant.parse("2026-11-25T00:00:00Z")));

        assertThat(result.evidenceMaxDifference()).isLessThan(ModelExport.EVIDENCE_TOLERANCE);
        assertThat(result.manifest().evidence().name()).isEqualTo("evidence");
        assertThat(result.manifest().evidence().shape()).containsExactly(-1L, 7L, 7L);
        assertThat(ManifestFiles.readVerified(temp.resolve("gap")).evidence()).isEqualTo(result.manifest().evidence());
    }

    @Test
    void theSameSeedGivesTheSameModel() throws Exception {
        TrainingData data = SyntheticOct.load(temp, 96, 32, 32, 2);
        TrainingConfig config = quick().withEpochs(2);
        TrainedModel first = train(data, config);
        TrainedModel second = train(data, config);
        assertThat(first.model().network().params().equalsWithEps(second.model().network().params(), 0)).isTrue();
        assertThat(first.history().epochs().stream().map(e -> e.valLoss()).toList())
                .isEqualTo(second.history().epochs().stream().map(e -> e.valLoss()).toList());
    }
}
