package org.octflow.monitoring;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/** The two two-sample tests the drift detector combines: Kolmogorov-Smirnov and a chi-square on counts. */
final class TwoSampleTests {
    private TwoSampleTests() {
    }

    /** The largest gap between the two empirical CDFs; both arrays sorted ascending. Ties are stepped over together. */
    static double ksStatistic(double[] a, double[] b) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double v = Math.min(a[i], b[j]);
            while (i < a.length && a[i] == v) {
                i++;
            }
            while (j < b.length && b[j] == v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    /**
     * The asymptotic p-value of a two-sample KS statistic with Stephens' small-sample correction (Numerical Recipes'
     * {@code probks}); conservative on discrete data, where ties make large gaps rarer than the continuous law says.
     */
    static double ksPValue(double d, int n, int m) {
        double effective = (double) n * m / (n + m);
        double root = Math.sqrt(effective);
        double lambda = (root + 0.12 + 0.11 / root) * d;
        if (lambda < 0.3) {
            return 1;
        }
        double sum = 0;
        double sign = 1;
        for (int k = 1; k <= 100; k++) {
            double term = 2 * sign * Math.exp(-2.0 * k * k * lambda * lambda);
            sum += term;
            if (Math.abs(term) < 1e-12) {
                break;
            }
            sign = -sign;
        }
        return Math.min(1, Math.max(0, sum));
    }

    /** Pearson's statistic of the 2 x k table (reference counts, window counts); classes neither used are dropped. */
    static double[] chiSquare(int[] reference, int[] window) {
        long referenceTotal = 0;
        long windowTotal = 0;
        for (int c = 0; c < reference.length; c++) {
            referenceTotal += reference[c];
            windowTotal += window[c];
        }
        double total = referenceTotal + windowTotal;
        double statistic = 0;
        int used = 0;
        for (int c = 0; c < reference.length; c++) {
            double column = reference[c] + window[c];
            if (column == 0) {
                continue;
            }
            used++;
            double expectedReference = column * referenceTotal / total;
            double expectedWindow = column * windowTotal / total;
            statistic += square(reference[c] - expectedReference) / expectedReference
                    + square(window[c] - expectedWindow) / expectedWindow;
        }
        int df = used - 1;
        double p = df < 1 ? 1 : 1 - new ChiSquaredDistribution(null, df).cumulativeProbability(statistic);
        return new double[]{statistic, p};
    }

    private static double square(double v) {
        return v * v;
    }
}
