package org.octflow.monitoring;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The number of successes among independent Bernoulli(p_i) trials: how many of a window's scans are right when scan
 * i is right with its calibrated top probability p_i. Exact by dynamic programming up to {@link #EXACT_LIMIT} trials
 * (O(n^2): 2,000 scans take ~4 M steps); above it the normal approximation, mean sum p_i and variance
 * sum p_i(1 - p_i), is within a fraction of a scan of it.
 */
final class PoissonBinomial {
    static final int EXACT_LIMIT = 2_000;

    private PoissonBinomial() {
    }

    /** P(S = k) for k = 0..n. */
    static double[] pmf(double[] p) {
        double[] pmf = new double[p.length + 1];
        pmf[0] = 1;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i];
            for (int k = i + 1; k >= 1; k--) {
                pmf[k] = pmf[k] * (1 - pi) + pmf[k - 1] * pi;
            }
            pmf[0] *= 1 - pi;
        }
        return pmf;
    }

    /**
     * The central interval of S / n at {@code level}: P(S below it) and P(S above it) are each at most
     * (1 - level) / 2, so it covers at least {@code level} (a little more, S being discrete).
     */
    static Interval shareInterval(double[] p, double level) {
        int n = p.length;
        if (n == 0) {
            return new Interval(0, 1, level);
        }
        double tail = (1 - level) / 2;
        if (n > EXACT_LIMIT) {
            double mean = 0;
            double variance = 0;
            for (double pi : p) {
                mean += pi;
                variance += pi * (1 - pi);
            }
            double z = new NormalDistribution().inverseCumulativeProbability(1 - tail);
            double half = z * Math.sqrt(variance);
            return new Interval(Math.max(0, (mean - half) / n), Math.min(1, (mean + half) / n), level);
        }
        double[] pmf = pmf(p);
        int lower = -1;
        int upper = n;
        double cdf = 0;
        for (int k = 0; k <= n; k++) {
            cdf += pmf[k];
            if (lower < 0 && cdf > tail) {
                lower = k;
            }
            if (cdf >= 1 - tail - 1e-12) {
                upper = k;
                break;
            }
        }
        return new Interval((double) lower / n, (double) upper / n, level);
    }
}
