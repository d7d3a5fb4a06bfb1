package org.octflow.monitoring;

import java.util.List;

/**
 * Whether a window of scans still looks like the model's reference scans.
 *
 * @param falseAlarmRate         the stated chance that a window drawn from the reference is called drifted
 * @param perTestThreshold       falseAlarmRate / number of tests (Bonferroni): a test under it drifted
 * @param tests                  every statistic's test, image statistics first, then the model's outputs
 * @param drifted                any test drifted
 * @param driftedStatistics      the names of those that did, smallest p-value first
 * @param estimateUntrustworthy  the window's {@link AccuracyEstimate} rests on calibration measured on the reference
 *                               scans, which this window no longer resembles: show it as untrustworthy
 */
public record DriftVerdict(int scans, double falseAlarmRate, double perTestThreshold, List<FeatureTest> tests,
                           boolean drifted, List<String> driftedStatistics, boolean estimateUntrustworthy) {
    public DriftVerdict {
        tests = List.copyOf(tests);
        driftedStatistics = List.copyOf(driftedStatistics);
    }

    /** The smallest p-value of the window's tests. */
    public double smallestPValue() {
        return tests.stream().mapToDouble(FeatureTest::pValue).min().orElse(1);
    }
}
