package org.octflow.monitoring;

/**
 * One statistic's two-sample test of a window against the reference.
 *
 * @param test       "KS" (Kolmogorov-Smirnov on the per-scan values) or "CHI_SQUARE" (on predicted-class counts)
 * @param statistic  the KS distance or Pearson's chi-square
 * @param pValue     the chance of a statistic at least this large if the window came from the reference
 * @param drifted    {@code pValue} below the verdict's per-test threshold
 */
public record FeatureTest(String name, String test, double statistic, double pValue, boolean drifted) {
}
