package org.octflow.trainer.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.octflow.contracts.manifest.ReviewRule;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.trainer.core.calibration.Softmax;
import org.octflow.trainer.core.review.ReviewTarget;
import org.octflow.trainer.core.review.RiskCoverage;
import org.octflow.trainer.core.train.EpochRecord;
import org.octflow.trainer.pipeline.VariantResult;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every figure the trainer's reports draw, from small synthetic data, as the PNG a reader opens. */
class ReportChartsTest {
    private static final List<String> CLASSES = MedMnistNpz.OCT_CLASSES;

    @TempDir
    Path temp;

    static Stream<Arguments> everyChart() {
        VariantResult a = ExperimentReportTest.fake("baseline", 1);
        VariantResult b = ExperimentReportTest.fake("a-variant-with-a-long-name", 2);
        Map<String, List<EpochRecord>> runs = new LinkedHashMap<>();
        runs.put(a.name(), a.history().epochs());
        runs.put(b.name(), b.history().epochs());
        float[][] before = Softmax.rows(a.testLogits());
        float[][] after = a.calibration().probabilities(a.testLogits());
        int[] labels = a.testLabels();
        RiskCoverage riskCoverage = new RiskCoverage(CLASSES);
        ReviewTarget target = new ReviewTarget(ReviewTarget.Kind.ACCEPTED_ACCURACY, 0.9);
        ReviewRule rule = riskCoverage.choose(target, after, labels, after, labels);
        String note = "trained on a synthetic set; a subtitle long enough to need the chart's whole width, and more";
        return Stream.of(
                Arguments.of("learning curves", LearningCurveChart.of("Validation loss per epoch", note, runs,
                        LearningCurveChart.Metric.VAL_LOSS)),
                // A true class all predicted right: its cell takes the scale's full colour.
                Arguments.of("confusion matrix", ConfusionMatrixChart.of("Confusion matrix (test)", note,
                        new int[][]{{12, 0, 0, 0}, {1, 9, 2, 0}, {0, 3, 5, 4}, {0, 0, 1, 11}}, CLASSES)),
                Arguments.of("ROC", RocChart.of("ROC, one vs rest (test)", note, after, labels, CLASSES)),
                Arguments.of("reliability", ReliabilityChart.of("Reliability (test)", note, before, after, labels,
                        null)),
                Arguments.of("risk-coverage", RiskCoverageChart.of("Auto-accepted accuracy against coverage", note,
                        riskCoverage.curve(after, labels), riskCoverage.curve(after, labels), rule, target.value())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyChart")
    void writesAPngOfTheFiguresSizeWithItsDataDrawn(String name, ReportFigure figure) throws Exception {
        Path file = temp.resolve("charts").resolve(name + ".png");
        figure.writePng(file);

        BufferedImage png = ImageIO.read(file.toFile());
        assertThat(png).as("a PNG at %s", file).isNotNull();
        assertThat(png.getWidth()).isEqualTo(figure.width());
        assertThat(png.getHeight()).isEqualTo(figure.height());
        // The first series (or the confusion matrix's fullest cell) is drawn in the palette's first colour.
        assertThat(pixelsNear(png, ReportFigure.PALETTE.get(0))).as("pixels of the first series' colour").isGreaterThan(40);
        assertThat(nonWhiteShare(png)).as("share of the image drawn on").isBetween(0.02, 0.6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyChart")
    void leavesItsEdgesBlankSoNoLegendOrLabelIsCut(String name, ReportFigure figure) throws Exception {
        Path file = temp.resolve(name + ".png");
        figure.writePng(file);

        BufferedImage png = ImageIO.read(file.toFile());
        int w = png.getWidth();
        int h = png.getHeight();
        for (int y = 0; y < h; y++) {
            for (int x : new int[]{0, 1, w - 2, w - 1}) {
                assertThat(png.getRGB(x, y) & 0xffffff).as("%s: pixel (%d, %d) on a side edge", name, x, y)
                        .isEqualTo(0xffffff);
            }
        }
        for (int x = 0; x < w; x++) {
            for (int y : new int[]{0, 1, h - 2, h - 1}) {
                assertThat(png.getRGB(x, y) & 0xffffff).as("%s: pixel (%d, %d) on a top or bottom edge", name, x, y)
                        .isEqualTo(0xffffff);
            }
        }
    }

    @Test
    void drawsTheRiskCoverageOfAModelThatIsNeverWrong() throws Exception {
        float[][] sure = {{0.9f, 0.1f, 0, 0}, {0.2f, 0.8f, 0, 0}, {0, 0, 0.7f, 0.3f}, {0, 0, 0.4f, 0.6f}};
        int[] labels = {0, 1, 2, 3};
        RiskCoverage riskCoverage = new RiskCoverage(CLASSES);
        ReviewTarget target = ReviewTarget.defaults();
        ReviewRule rule = riskCoverage.choose(target, sure, labels, sure, labels);
        Path file = temp.resolve("perfect.png");

        RiskCoverageChart.of("Auto-accepted accuracy against coverage", "a perfect model",
                riskCoverage.curve(sure, labels), riskCoverage.curve(sure, labels), rule, target.value()).writePng(file);

        assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(RiskCoverageChart.WIDTH);
    }

    @Test
    void aBlankImageFailsTheDrawnCheck() {
        BufferedImage blank = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics g = blank.getGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 100, 100);
        assertThat(nonWhiteShare(blank)).isZero();
        assertThat(pixelsNear(blank, ReportFigure.PALETTE.get(0))).isZero();
    }

    private static long pixelsNear(BufferedImage png, Color color) {
        long n = 0;
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                Color c = new Color(png.getRGB(x, y));
                if (Math.abs(c.getRed() - color.getRed()) + Math.abs(c.getGreen() - color.getGreen())
                        + Math.abs(c.getBlue() - color.getBlue()) < 30) {
                    n++;
                }
            }
        }
        return n;
    }

    private static double nonWhiteShare(BufferedImage png) {
        long n = 0;
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                n += (png.getRGB(x, y) & 0xffffff) == 0xffffff ? 0 : 1;
            }
        }
        return n / (double) (png.getWidth() * png.getHeight());
    }
}
