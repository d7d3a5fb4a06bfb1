package org.octflow.monitoring;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Estimates how a window of served scans is doing without their labels, from the calibrated probabilities
 * (confidence-based performance estimation, as NannyML's CBPE): if the model is calibrated, scan i is right with
 * probability p_i, its top probability, so the window's number of right scans is a sum of independent
 * Bernoulli(p_i), a Poisson-binomial variable. Its expectation gives the expected accuracy, its exact distribution the
 * interval; the same on the scans predicted as a class gives that class's expected precision, and the class's summed
 * probability its expected support, hence recall.
 *
 * <p>The interval is the sampling spread of a calibrated model's accuracy on these very scans. It is only as good as
 * calibration: if p_i are off on a site's scans (another device, another population), the estimate is off with them,
 * and no interval computed from the p_i can say so. That is what {@link DriftDetector} is for. A calibration margin
 * (e.g. the model's validation ECE, which bounds |accuracy - mean confidence| on the data it was measured on) widens
 * every accuracy and precision interval by that much on each side.
 *
 * <p>Stateless and thread-safe: the caller keeps its windows (per model version, per site, per time window).
 */
public final class AccuracyEstimator {
    private final List<String> classes;
    private final double level;
    private final double calibrationMargin;

    /**
     * @param classes           the model's classes, in its output order (the manifest's)
     * @param level             the intervals' coverage, e.g. 0.95
     * @param calibrationMargin added to each side of the accuracy and precision intervals; 0 for the sampling spread
     *                          alone
     */
    public AccuracyEstimator(List<String> classes, double level, double calibrationMargin) {
        if (classes == null || classes.size() < 2) {
            throw new IllegalArgumentException("the estimator needs the model's classes (2 or more), got " + classes);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be in (0, 1), was " + level);
        }
        if (!(calibrationMargin >= 0 && calibrationMargin < 1)) {
            throw new IllegalArgumentException("calibration margin must be in [0, 1), was " + calibrationMargin);
        }
        this.classes = List.copyOf(classes);
        this.level = level;
        this.calibrationMargin = calibrationMargin;
    }

    public AccuracyEstimate estimate(Collection<ScoredScan> window) {
        if (window.isEmpty()) {
            throw new IllegalArgumentException("cannot estimate an empty window: wait for scans before asking");
        }
        int n = window.size();
        int k = classes.size();
        double[] top = new double[n];
        double[][] byPredicted = new double[k][n];
        int[] predicted = new int[k];
        double[] support = new double[k];
        List<Double> accepted = new ArrayList<>();
        int reviewed = 0;
        int i = 0;
        for (ScoredScan scan : window) {
            if (scan.probabilities().length != k) {
                throw new IllegalArgumentException("scan " + i + " of the window has " + scan.probabilities().length
                        + " probabilities; the model has " + k + " classes " + classes);
            }
            int label = scan.predicted();
            top[i] = clamp(scan.topProbability());
            byPredicted[label][predicted[label]++] = top[i];
            for (int c = 0; c < k; c++) {
                support[c] += clamp(scan.probabilities()[c]);
            }
            if (scan.sentToReview()) {
                reviewed++;
            } else {
                accepted.add(top[i]);
            }
            i++;
        }
        List<ClassEstimate> perClass = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            double[] p = java.util.Arrays.copyOf(byPredicted[c], predicted[c]);
            double truePositives = sum(p);
            perClass.add(new ClassEstimate(classes.get(c), predicted[c], support[c],
                    p.length == 0 ? null : truePositives / p.length,
                    p.length == 0 ? null : interval(p),
                    support[c] > 0 ? truePositives / support[c] : null));
        }
        double[] acceptedTop = accepted.stream().mapToDouble(Double::doubleValue).toArray();
        return new AccuracyEstimate(n, sum(top) / n, interval(top), perClass, (double) reviewed / n,
                wilson(reviewed, n), acceptedTop.length == 0 ? null : sum(acceptedTop) / acceptedTop.length,
                acceptedTop.length == 0 ? null : interval(acceptedTop), calibrationMargin);
    }

    private Interval interval(double[] p) {
        return PoissonBinomial.shareInterval(p, level).widenedBy(calibrationMargin);
    }

    /** Wilson score interval of a binomial rate: sane at 0 and n, unlike the Wald interval. */
    private Interval wilson(int successes, int n) {
        double z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - level) / 2);
        double share = (double) successes / n;
        double z2 = z * z;
        double centre = (share + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(share * (1 - share) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half), level);
    }

    private static double clamp(double p) {
        return Math.min(1, Math.max(0, p));
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }
}
