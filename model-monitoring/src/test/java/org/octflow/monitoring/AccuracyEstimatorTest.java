package org.octflow.monitoring;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.ClassProbability;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.Prediction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AccuracyEstimatorTest {
    static final List<String> CLASSES = List.of("CNV", "DME", "DRUSEN", "NORMAL");
    final AccuracyEstimator estimator = new AccuracyEstimator(CLASSES, 0.95, 0);

    static ScoredScan scan(boolean review, double... p) {
        float[] f = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            f[i] = (float) p[i];
        }
        return new ScoredScan(f, review);
    }

    @Test
    void expectedAccuracyIsTheMeanTopProbability() {
        AccuracyEstimate estimate = estimator.estimate(List.of(
                scan(false, 0.9, 0.05, 0.03, 0.02),
                scan(true, 0.1, 0.5, 0.3, 0.1),
                scan(false, 0.0, 0.0, 0.3, 0.7)));

        assertThat(estimate.scans()).isEqualTo(3);
        assertThat(estimate.expectedAccuracy()).isCloseTo((0.9 + 0.5 + 0.7) / 3, within(1e-6));
    }

    @Test
    void perClassPrecisionIsTheMeanTopProbabilityOfItsPredictionsAndRecallItsShareOfTheClassMass() {
        AccuracyEstimate estimate = estimator.estimate(List.of(
                scan(false, 0.8, 0.2, 0, 0),
                scan(false, 0.6, 0.4, 0, 0),
                scan(false, 0.3, 0.7, 0, 0)));

        ClassEstimate cnv = estimate.perClass().get(0);
        assertThat(cnv.label()).isEqualTo("CNV");
        assertThat(cnv.predicted()).isEqualTo(2);
        assertThat(cnv.expectedSupport()).isCloseTo(1.7, within(1e-6));
        assertThat(cnv.expectedPrecision()).isCloseTo(0.7, within(1e-6));
        assertThat(cnv.expectedRecall()).isCloseTo(1.4 / 1.7, within(1e-6));
        ClassEstimate dme = estimate.perClass().get(1);
        assertThat(dme.expectedPrecision()).isCloseTo(0.7, within(1e-6));
        assertThat(dme.expectedRecall()).isCloseTo(0.7 / 1.3, within(1e-6));
        ClassEstimate drusen = estimate.perClass().get(2);
        assertThat(drusen.predicted()).isZero();
        assertThat(drusen.expectedPrecision()).as("no scan predicted DRUSEN: no precision").isNull();
        assertThat(drusen.precisionInterval()).isNull();
        assertThat(drusen.expectedRecall()).as("no DRUSEN mass: no recall").isNull();
    }

    @Test
    void certainPredictionsHaveAPointInterval() {
        AccuracyEstimate estimate = estimator.estimate(Collections.nCopies(40, scan(false, 1, 0, 0, 0)));

        assertThat(estimate.accuracyInterval().lower()).isEqualTo(1.0);
        assertThat(estimate.accuracyInterval().upper()).isEqualTo(1.0);
    }

    @Test
    void equalProbabilitiesGiveTheBinomialsCentralInterval() {
        AccuracyEstimate estimate = estimator.estimate(Collections.nCopies(100, scan(false, 0.8, 0.1, 0.05, 0.05)));

        BinomialDistribution binomial = new BinomialDistribution(null, 100, 0.8f);
        assertThat(estimate.accuracyInterval().lower() * 100)
                .isCloseTo(binomial.inverseCumulativeProbability(0.025), within(1e-9));
        assertThat(estimate.accuracyInterval().upper() * 100)
                .isEqualTo(binomial.inverseCumulativeProbability(0.975), within(1e-9));
        assertThat(estimate.accuracyInterval().level()).isEqualTo(0.95);
    }

    @Test
    void intervalCoversTheAccuracyOfCalibratedWindowsAtLeastAtItsLevel() {
        Random random = new Random(7);
        int windows = 2_000;
        int covered = 0;
        for (int w = 0; w < windows; w++) {
            List<ScoredScan> window = new ArrayList<>();
            int right = 0;
            for (int i = 0; i < 100; i++) {
                double top = 0.4 + 0.6 * Math.sqrt(random.nextDouble());
                window.add(scan(false, top, 1 - top, 0, 0));
                right += random.nextDouble() < top ? 1 : 0;
            }
            covered += estimator.estimate(window).accuracyInterval().contains(right / 100.0) ? 1 : 0;
        }

        // At least the level (the discrete interval is slightly conservative), and not wastefully wider.
        assertThat((double) covered / windows).isBetween(0.94, 0.975);
    }

    @Test
    void largeWindowsUseTheNormalApproximationWithTheSameCentre() {
        List<ScoredScan> window = Collections.nCopies(PoissonBinomial.EXACT_LIMIT + 1, scan(false, 0.9, 0.1, 0, 0));

        Interval interval = estimator.estimate(window).accuracyInterval();

        double half = 1.96 * Math.sqrt(0.9 * 0.1 / window.size());
        assertThat(interval.lower()).isCloseTo(0.9 - half, within(1e-3));
        assertThat(interval.upper()).isCloseTo(0.9 + half, within(1e-3));
    }

    @Test
    void reviewShareIsObservedWithAWilsonIntervalAndAcceptedAccuracyComesFromTheAcceptedScansOnly() {
        List<ScoredScan> window = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            window.add(scan(false, 0.95, 0.05, 0, 0));
        }
        for (int i = 0; i < 10; i++) {
            window.add(scan(true, 0.5, 0.4, 0.1, 0));
        }

        AccuracyEstimate estimate = estimator.estimate(window);

        assertThat(estimate.reviewShare()).isEqualTo(0.25);
        assertThat(estimate.reviewShareInterval().lower()).isCloseTo(0.142, within(0.001));
        assertThat(estimate.reviewShareInterval().upper()).isCloseTo(0.401, within(0.001));
        assertThat(estimate.expectedAcceptedAccuracy()).isCloseTo(0.95, within(1e-6));
        assertThat(estimate.acceptedAccuracyInterval().upper()).isEqualTo(1.0);
    }

    @Test
    void aCalibrationMarginWidensTheAccuracyAndPrecisionIntervalsOnEachSide() {
        List<ScoredScan> window = Collections.nCopies(100, scan(false, 0.8, 0.1, 0.05, 0.05));
        AccuracyEstimate plain = estimator.estimate(window);

        AccuracyEstimate widened = new AccuracyEstimator(CLASSES, 0.95, 0.04).estimate(window);

        assertThat(widened.accuracyInterval().lower()).isCloseTo(plain.accuracyInterval().lower() - 0.04,
                within(1e-9));
        assertThat(widened.accuracyInterval().upper()).isCloseTo(plain.accuracyInterval().upper() + 0.04,
                within(1e-9));
        assertThat(widened.perClass().get(0).precisionInterval().width())
                .isCloseTo(plain.perClass().get(0).precisionInterval().width() + 0.08, within(1e-9));
        assertThat(widened.calibrationMargin()).isEqualTo(0.04);
    }

    @Test
    void aServedPredictionIsReadByLabelInTheModelsClassOrder() {
        Prediction prediction = Prediction.newBuilder().setLabel("DME").setDecision(Decision.REVIEW)
                .addProbabilities(ClassProbability.newBuilder().setLabel("NORMAL").setProbability(0.1f))
                .addProbabilities(ClassProbability.newBuilder().setLabel("DME").setProbability(0.6f))
                .addProbabilities(ClassProbability.newBuilder().setLabel("CNV").setProbability(0.2f))
                .addProbabilities(ClassProbability.newBuilder().setLabel("DRUSEN").setProbability(0.1f))
                .build();

        ScoredScan scan = ScoredScan.of(prediction, CLASSES);

        assertThat(scan.probabilities()).containsExactly(0.2f, 0.6f, 0.1f, 0.1f);
        assertThat(scan.predicted()).isEqualTo(1);
        assertThat(scan.sentToReview()).isTrue();
        assertThatThrownBy(() -> ScoredScan.of(prediction, List.of("CNV", "DME", "DRUSEN", "NORMAL", "GA")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no probability for 'GA'");
    }

    @Test
    void refusesAnEmptyWindowAndScansOfAnotherModel() {
        assertThatThrownBy(() -> estimator.estimate(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty window");
        assertThatThrownBy(() -> estimator.estimate(List.of(scan(false, 0.5, 0.5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scan 0 of the window has 2 probabilities; the model has 4 classes");
    }
}
