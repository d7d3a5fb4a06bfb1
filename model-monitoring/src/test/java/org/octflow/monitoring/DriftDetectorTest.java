package org.octflow.monitoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.preprocessing.GreyImage;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.octflow.monitoring.SyntheticScans.REFERENCE_MIX;
import static org.octflow.monitoring.SyntheticScans.window;

class DriftDetectorTest {
    static final List<String> CLASSES = List.of("CNV", "DME", "DRUSEN", "NORMAL");
    static final ReferenceProfile reference = ReferenceProfile.build("m:1", CLASSES, "synthetic",
            window(new Random(11), 400, 0, false, REFERENCE_MIX));
    final DriftDetector detector = new DriftDetector(reference, 0.05);
    final Random random = new Random(12);

    @Test
    void windowsLikeTheReferenceRarelyDriftAtMostAtTheStatedRate() {
        List<WindowScan> pool = window(random, 1_000, 0, false, REFERENCE_MIX);
        int windows = 300;
        int drifted = 0;
        for (int w = 0; w < windows; w++) {
            List<WindowScan> scans = new java.util.ArrayList<>(pool);
            java.util.Collections.shuffle(scans, random);
            drifted += detector.test(scans.subList(0, 50)).drifted() ? 1 : 0;
        }

        assertThat((double) drifted / windows).isLessThanOrEqualTo(0.05 + 0.03);
    }

    @Test
    void aBrighterWindowDriftsOnBrightnessAndMarksItsEstimateUntrustworthy() {
        DriftVerdict verdict = detector.test(window(random, 50, 25, false, REFERENCE_MIX));

        assertThat(verdict.drifted()).isTrue();
        assertThat(verdict.driftedStatistics()).contains("mean", "darkShare");
        assertThat(verdict.driftedStatistics()).doesNotContain("predictedClassMix");
        assertThat(verdict.estimateUntrustworthy()).isTrue();
    }

    @Test
    void aMirroredEyeDriftsOnTiltWhenTheReferenceTiltsOneWay() {
        DriftVerdict verdict = detector.test(window(random, 50, 0, true, REFERENCE_MIX));

        assertThat(verdict.driftedStatistics()).containsExactly("tilt");
    }

    @Test
    void anotherClassMixDriftsOnThePredictedClassMixOnly() {
        DriftVerdict verdict = detector.test(window(random, 100, 0, false, new double[]{0.05, 0.05, 0.5, 0.4}));

        assertThat(verdict.driftedStatistics()).containsExactly("predictedClassMix");
    }

    @Test
    void everyStatisticIsTestedAgainstABonferroniThreshold() {
        DriftVerdict verdict = detector.test(window(random, 50, 0, false, REFERENCE_MIX));

        assertThat(verdict.tests()).extracting(FeatureTest::name).containsExactly("mean", "std", "darkShare",
                "edgeEnergy", "fineTexture", "retinaRow", "tilt", "topProbability", "predictedClassMix");
        assertThat(verdict.perTestThreshold()).isCloseTo(0.05 / 9, within(1e-12));
        assertThat(verdict.falseAlarmRate()).isEqualTo(0.05);
        assertThat(verdict.scans()).isEqualTo(50);
    }

    @Test
    void refusesAWindowTooSmallToTest() {
        assertThatThrownBy(() -> detector.test(window(random, 19, 0, false, REFERENCE_MIX)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a window of 20 scans or more; got 19");
    }

    @Test
    void theProfileSurvivesItsJsonFileBesideTheManifest(@TempDir Path modelDirectory) {
        reference.writeTo(modelDirectory);

        ReferenceProfile read = ReferenceProfile.readFrom(modelDirectory);

        assertThat(read.model()).isEqualTo("m:1");
        assertThat(read.classes()).isEqualTo(CLASSES);
        assertThat(read.predictedCounts()).isEqualTo(reference.predictedCounts());
        assertThat(read.samples().get("tilt")).isEqualTo(reference.samples().get("tilt"));
        List<WindowScan> window = window(new Random(3), 60, 0, false, REFERENCE_MIX);
        assertThat(new DriftDetector(read, 0.05).test(window).tests())
                .isEqualTo(detector.test(window).tests());
    }

    @Test
    void aMissingProfileSaysHowToMakeOne(@TempDir Path modelDirectory) {
        assertThatThrownBy(() -> ReferenceProfile.readFrom(modelDirectory))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("--write-profile");
    }

    @Test
    void ksStatisticStepsOverTiesTogether() {
        assertThat(TwoSampleTests.ksStatistic(new double[]{1, 1, 2, 3}, new double[]{1, 1, 2, 3})).isZero();
        assertThat(TwoSampleTests.ksStatistic(new double[]{0, 0, 0, 1}, new double[]{0, 1, 1, 1}))
                .isCloseTo(0.5, within(1e-12));
        assertThat(TwoSampleTests.ksPValue(0, 100, 100)).isEqualTo(1.0);
        // Kolmogorov's law: P(sqrt(ne) D > 1.36) = 0.05 for large samples.
        assertThat(TwoSampleTests.ksPValue(1.36 / Math.sqrt(5000), 10_000, 10_000)).isCloseTo(0.05, within(0.002));
    }

    @Test
    void imageStatisticsMoveWithTheShiftsTheyAreThereFor() {
        GreyImage scan = SyntheticScans.scan(new Random(5), 0, false);
        double[] plain = ImageStatistics.of(scan);
        double[] brighter = ImageStatistics.of(SyntheticScans.scan(new Random(5), 30, false));
        double[] mirrored = ImageStatistics.of(mirror(scan));

        assertThat(brighter[0]).isGreaterThan(plain[0] + 20);
        assertThat(brighter[2]).isLessThan(plain[2]);
        // The synthetic band runs lower on the right: the left half's row is smaller, tilt (left - right) negative.
        assertThat(plain[6]).isNegative();
        assertThat(mirrored[6]).isCloseTo(-plain[6], within(1e-12));
        assertThat(mirrored[5]).as("a mirror leaves the retina's row").isCloseTo(plain[5], within(1e-12));
        assertThat(mirrored[3]).as("and its edges").isCloseTo(plain[3], within(1e-12));
    }

    private static GreyImage mirror(GreyImage image) {
        byte[] out = new byte[image.pixels().length];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                out[y * image.width() + x] = image.pixels()[y * image.width() + image.width() - 1 - x];
            }
        }
        return new GreyImage(image.width(), image.height(), out);
    }
}
