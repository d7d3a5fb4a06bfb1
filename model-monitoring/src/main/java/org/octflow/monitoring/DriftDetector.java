package org.octflow.monitoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Tests whether a window of served scans still looks like the model's reference scans: a two-sample
 * Kolmogorov-Smirnov test per {@link ImageStatistics} statistic and on the top probability, and a chi-square test on
 * the predicted-class mix. A window is drifted when any test's p-value is below falseAlarmRate / tests (Bonferroni),
 * so a window drawn from the reference is called drifted with probability at most falseAlarmRate (less: Bonferroni
 * ignores that the statistics are correlated, and KS is conservative on tied values).
 *
 * <p>The model's own pooled features would be a sharper statistic, but the served graph gives only probabilities and
 * evidence maps: they need one more ONNX output from the trainer's exporter, left for later.
 */
public final class DriftDetector {
    /** Below this, a KS test has too little power and the chi-square's expected counts are too small to trust. */
    public static final int MIN_WINDOW = 20;

    private final ReferenceProfile reference;
    private final double falseAlarmRate;
    private final List<String> statistics = ReferenceProfile.statisticNames();

    public DriftDetector(ReferenceProfile reference, double falseAlarmRate) {
        if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
            throw new IllegalArgumentException("false-alarm rate must be in (0, 1), was " + falseAlarmRate);
        }
        this.reference = reference;
        this.falseAlarmRate = falseAlarmRate;
    }

    /** How many tests a window goes through: one per statistic and the class mix. */
    public int testCount() {
        return statistics.size() + 1;
    }

    public DriftVerdict test(Collection<WindowScan> window) {
        if (window.size() < MIN_WINDOW) {
            throw new IllegalArgumentException("a drift test needs a window of " + MIN_WINDOW + " scans or more; got "
                    + window.size() + ": widen the window (more time, or sites pooled)");
        }
        int n = window.size();
        double[][] values = new double[statistics.size()][n];
        int[] predicted = new int[reference.classes().size()];
        int i = 0;
        for (WindowScan scan : window) {
            if (scan.probabilities().length != predicted.length) {
                throw new IllegalArgumentException("scan " + i + " of the window has " + scan.probabilities().length
                        + " probabilities; model " + reference.model() + " has classes " + reference.classes());
            }
            for (int s = 0; s < ImageStatistics.NAMES.size(); s++) {
                values[s][i] = scan.imageStatistics()[s];
            }
            ScoredScan scored = scan.scored();
            values[statistics.size() - 1][i] = scored.topProbability();
            predicted[scored.predicted()]++;
            i++;
        }
        double threshold = falseAlarmRate / testCount();
        List<FeatureTest> tests = new ArrayList<>();
        for (int s = 0; s < statistics.size(); s++) {
            double[] sample = values[s];
            Arrays.sort(sample);
            double[] ref = reference.samples().get(statistics.get(s));
            double d = TwoSampleTests.ksStatistic(ref, sample);
            double p = TwoSampleTests.ksPValue(d, ref.length, n);
            tests.add(new FeatureTest(statistics.get(s), "KS", d, p, p < threshold));
        }
        double[] chi = TwoSampleTests.chiSquare(reference.predictedCounts(), predicted);
        tests.add(new FeatureTest("predictedClassMix", "CHI_SQUARE", chi[0], chi[1], chi[1] < threshold));
        List<String> drifted = tests.stream().filter(FeatureTest::drifted)
                .sorted(Comparator.comparingDouble(FeatureTest::pValue)).map(FeatureTest::name).toList();
        return new DriftVerdict(n, falseAlarmRate, threshold, tests, !drifted.isEmpty(), drifted, !drifted.isEmpty());
    }
}
