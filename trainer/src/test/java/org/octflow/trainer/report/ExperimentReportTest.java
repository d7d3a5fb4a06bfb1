package org.octflow.trainer.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.core.metrics.EvaluationReport;
import org.octflow.trainer.core.metrics.Evaluator;
import org.octflow.trainer.core.train.EpochRecord;
import org.octflow.trainer.core.train.TrainingHistory;
import org.octflow.trainer.pipeline.VariantResult;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ExperimentReportTest {
    @TempDir
    Path temp;

    static VariantResult fake(String name, long seed) {
        Random random = new Random(seed);
        int n = 40;
        float[][] logits = new float[n][4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            for (int j = 0; j < 4; j++) {
                logits[i][j] = (float) random.nextGaussian();
            }
            logits[i][labels[i]] += 2;
        }
        EvaluationReport report = new Evaluator(MedMnistNpz.OCT_CLASSES)
                .evaluate(org.octflow.trainer.core.calibration.Softmax.rows(logits), labels);
        List<EpochRecord> epochs = List.of(new EpochRecord(1, 1e-3, 1.2, 1.1, 0.5, 2, 100),
                new EpochRecord(2, 1e-3, 0.9, 0.95, 0.6, 2, 100));
        return new VariantResult(name, "fake " + name, TrainingConfig.defaults(),
                org.octflow.trainer.core.calibration.LogitCalibration.temperature(1.3, 4), report, report, report, report,
                new TrainingHistory(epochs, 2, false, 4), logits, labels);
    }

    @Test
    void writesATableWithValBesideTestAndEveryFigure() throws Exception {
        ExperimentReport writer = new ExperimentReport(MedMnistNpz.OCT_CLASSES, "trained on the 1,387-image real subset");
        writer.write(temp, List.of(fake("baseline", 1), fake("best", 2)), "java -jar trainer.jar experiment", "setup");

        String md = Files.readString(temp.resolve("report.md"));
        assertThat(md).contains("trained on the 1,387-image real subset")
                .contains("| baseline |").contains("| best |")
                .contains("recall CNV | recall DME").contains("val ACC");
        for (String png : List.of("val-loss.png", "train-loss.png", "val-accuracy.png", "confusion-best.png",
                "roc-best.png", "reliability-best.png")) {
            assertThat(ImageIO.read(temp.resolve(png).toFile())).as(png).isNotNull();
        }
    }
}
