package org.octflow.launcher.monitoring;

import org.octflow.launcher.monitoring.MonitoringCheck.Scored;
import org.octflow.monitoring.AccuracyEstimate;
import org.octflow.monitoring.AccuracyEstimator;
import org.octflow.monitoring.ClassEstimate;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How often the estimator's intervals cover the real figures of windows drawn from validation: in val's own class
 * mix, and balanced (the deployment prior the default model is calibrated for).
 */
final class CoverageCheck {
    private final MonitoringCheck.Settings settings;
    private final PrintStream out;
    private final List<String> classes;
    private final Scored scored;
    private final int[] labels;

    CoverageCheck(MonitoringCheck.Settings settings, PrintStream out, List<String> classes, Scored scored,
                  int[] labels) {
        this.settings = settings;
        this.out = out;
        this.classes = classes;
        this.scored = scored;
        this.labels = labels;
    }

    void run(double ece) {
        AccuracyEstimator plain = new AccuracyEstimator(classes, settings.level(), 0);
        AccuracyEstimator widened = new AccuracyEstimator(classes, settings.level(), ece);
        out.printf(Locale.ROOT, "Estimated accuracy: %.0f %% intervals (exact Poisson-binomial) on windows drawn"
                + " from val; coverage = share of windows whose real figure is inside%n",
                settings.level() * 100);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-12s %5s %9s %12s %9s %10s %9s",
                "draw", "size", "accuracy", "+ECE margin", "mean bias", "mean width", "accepted"));
        classes.forEach(c -> header.append(String.format(Locale.ROOT, " %9s", "prec." + c)));
        out.println(header);
        int[][] byClass = new int[classes.size()][];
        for (int c = 0; c < classes.size(); c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            byClass[c] = members.stream().mapToInt(Integer::intValue).toArray();
        }
        for (Draw draw : Draw.values()) {
            boolean balanced = draw == Draw.BALANCED;
            for (int size : settings.windowSizes()) {
                int perClass = size / classes.size();
                if (balanced && java.util.Arrays.stream(byClass).anyMatch(m -> m.length < perClass)) {
                    out.printf(Locale.ROOT, "%-12s %5d  skipped: a class has fewer than %d val scans%n", "balanced",
                            size, perClass);
                    continue;
                }
                Random random = new Random(settings.seed() + size + 1_000_003L * draw.ordinal());
                int covered = 0;
                int coveredWide = 0;
                double bias = 0;
                double width = 0;
                int[] precisionCovered = new int[classes.size()];
                int[] precisionTotal = new int[classes.size()];
                int acceptedCovered = 0;
                int acceptedTotal = 0;
                for (int w = 0; w < settings.windows(); w++) {
                    int[] window = switch (draw) {
                        case VAL_MIX -> MonitoringCheck.draw(MonitoringCheck.all(labels.length), size, random);
                        case WITH_REPL -> random.ints(size, 0, labels.length).toArray();
                        case BALANCED -> balancedDraw(byClass, perClass, random);
                    };
                    AccuracyEstimate estimate = plain.estimate(scored.window(window));
                    AccuracyEstimate wide = widened.estimate(scored.window(window));
                    double real = scored.accuracy(window);
                    covered += estimate.accuracyInterval().contains(real) ? 1 : 0;
                    coveredWide += wide.accuracyInterval().contains(real) ? 1 : 0;
                    bias += estimate.expectedAccuracy() - real;
                    width += estimate.accuracyInterval().width();
                    for (int c = 0; c < classes.size(); c++) {
                        ClassEstimate e = estimate.perClass().get(c);
                        Double realPrecision = realPrecision(window, c);
                        if (e.precisionInterval() != null && realPrecision != null) {
                            precisionTotal[c]++;
                            precisionCovered[c] += e.precisionInterval().contains(realPrecision) ? 1 : 0;
                        }
                    }
                    Double realAccepted = realAcceptedAccuracy(window);
                    if (estimate.acceptedAccuracyInterval() != null && realAccepted != null) {
                        acceptedTotal++;
                        acceptedCovered += estimate.acceptedAccuracyInterval().contains(realAccepted) ? 1 : 0;
                    }
                }
                int n = settings.windows();
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT,
                        "%-12s %5d %9.3f %12.3f %+9.3f %10.3f %9.3f", draw.label, size, (double) covered / n,
                        (double) coveredWide / n, bias / n, width / n,
                        acceptedTotal == 0 ? Double.NaN : (double) acceptedCovered / acceptedTotal));
                for (int c = 0; c < classes.size(); c++) {
                    row.append(String.format(Locale.ROOT, " %9.3f",
                            precisionTotal[c] == 0 ? Double.NaN : (double) precisionCovered[c] / precisionTotal[c]));
                }
                out.println(row);
            }
        }
        out.println("(draws: val mix = val's own class mix, without replacement; with repl. = the same with"
                + " replacement, a stream with val's distribution; balanced = size/4 per class, the BALANCED"
                + " deployment prior the default model is calibrated for. Columns: coverage of the accuracy interval,"
                + " of it widened by the manifest's val ECE each side, mean estimate - real, mean interval width,"
                + " coverage of the auto-accepted scans' accuracy interval and of each class's precision interval)");
    }

    private enum Draw {
        VAL_MIX("val mix"), WITH_REPL("with repl."), BALANCED("balanced");

        final String label;

        Draw(String label) {
            this.label = label;
        }
    }

    private int[] balancedDraw(int[][] byClass, int perClass, Random random) {
        int[] window = new int[perClass * byClass.length];
        for (int c = 0; c < byClass.length; c++) {
            System.arraycopy(MonitoringCheck.draw(byClass[c], perClass, random), 0, window, c * perClass, perClass);
        }
        return window;
    }

    private Double realPrecision(int[] window, int c) {
        int predicted = 0;
        int right = 0;
        for (int i : window) {
            if (new org.octflow.monitoring.ScoredScan(scored.probabilities()[i], false).predicted() == c) {
                predicted++;
                right += labels[i] == c ? 1 : 0;
            }
        }
        return predicted == 0 ? null : (double) right / predicted;
    }

    private Double realAcceptedAccuracy(int[] window) {
        int accepted = 0;
        int right = 0;
        for (int i : window) {
            if (!scored.review()[i]) {
                accepted++;
                right += new org.octflow.monitoring.ScoredScan(scored.probabilities()[i], false).predicted()
                        == labels[i] ? 1 : 0;
            }
        }
        return accepted == 0 ? null : (double) right / accepted;
    }
}
