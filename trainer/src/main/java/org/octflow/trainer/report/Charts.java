package org.octflow.trainer.report;

import org.octflow.contracts.manifest.ReviewRule;
import org.octflow.trainer.core.metrics.Evaluator;
import org.octflow.trainer.core.review.RiskCoverage;
import org.octflow.trainer.core.train.EpochRecord;

import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The report's PNG figures, drawn with java.awt: learning curves, confusion matrix, ROC, reliability diagram. */
public final class Charts {
    private Charts() {
    }

    /** @param metric "valLoss", "trainLoss" or "valAccuracy" */
    public static void curves(Path file, String title, String subtitle, Map<String, List<EpochRecord>> runs, String metric) {
        ChartCanvas c = new ChartCanvas(860, 480, title, subtitle);
        double maxEpoch = 1;
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (List<EpochRecord> run : runs.values()) {
            for (EpochRecord e : run) {
                maxEpoch = Math.max(maxEpoch, e.epoch());
                lo = Math.min(lo, value(e, metric));
                hi = Math.max(hi, value(e, metric));
            }
        }
        c.range(1, maxEpoch, Math.floor(lo * 10) / 10, Math.ceil(hi * 10) / 10);
        c.axes("epoch", metric, 5);
        int i = 0;
        for (var run : runs.entrySet()) {
            double[] xs = run.getValue().stream().mapToDouble(EpochRecord::epoch).toArray();
            double[] ys = run.getValue().stream().mapToDouble(e -> value(e, metric)).toArray();
            Color color = ChartCanvas.PALETTE[i % ChartCanvas.PALETTE.length];
            c.polyline(xs, ys, color, false);
            c.legend(i++, run.getKey(), color);
        }
        c.save(file);
    }

    public static void confusion(Path file, String title, String subtitle, int[][] matrix, List<String> classes) {
        ChartCanvas c = new ChartCanvas(560, 520, title, subtitle);
        int k = classes.size();
        int cell = 90;
        int x0 = 120;
        int y0 = 90;
        for (int t = 0; t < k; t++) {
            int rowTotal = Arrays.stream(matrix[t]).sum();
            for (int p = 0; p < k; p++) {
                double share = rowTotal == 0 ? 0 : matrix[t][p] / (double) rowTotal;
                int shade = 255 - (int) (share * 200);
                c.g.setColor(new Color(shade, shade, 255));
                c.g.fillRect(x0 + p * cell, y0 + t * cell, cell, cell);
                c.g.setColor(Color.BLACK);
                c.g.drawRect(x0 + p * cell, y0 + t * cell, cell, cell);
                c.g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
                c.g.drawString(String.valueOf(matrix[t][p]), x0 + p * cell + cell / 2 - 12, y0 + t * cell + cell / 2 + 5);
            }
            c.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            c.g.drawString(classes.get(t), 40, y0 + t * cell + cell / 2 + 4);
            c.g.drawString(classes.get(t), x0 + t * cell + 20, y0 - 8);
        }
        c.g.drawString("rows: true class, columns: predicted", x0, y0 + k * cell + 24);
        c.save(file);
    }

    /** One-vs-rest ROC curve per class. */
    public static void roc(Path file, String title, String subtitle, float[][] probabilities, int[] labels, List<String> classes) {
        ChartCanvas c = new ChartCanvas(760, 560, title, subtitle);
        c.range(0, 1, 0, 1);
        c.axes("false positive rate", "true positive rate", 5);
        c.polyline(new double[]{0, 1}, new double[]{0, 1}, Color.GRAY, true);
        for (int k = 0; k < classes.size(); k++) {
            final int cls = k;
            Integer[] order = new Integer[labels.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Float.compare(probabilities[b][cls], probabilities[a][cls]));
            long positives = Arrays.stream(labels).filter(l -> l == cls).count();
            long negatives = labels.length - positives;
            List<double[]> points = new ArrayList<>();
            points.add(new double[]{0, 0});
            double tp = 0;
            double fp = 0;
            for (Integer i : order) {
                if (labels[i] == cls) {
                    tp++;
                } else {
                    fp++;
                }
                points.add(new double[]{negatives == 0 ? 0 : fp / negatives, positives == 0 ? 0 : tp / positives});
            }
            Color color = ChartCanvas.PALETTE[k];
            c.polyline(points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray(),
                    color, false);
            c.legend(k, classes.get(k), color);
        }
        c.save(file);
    }

    /** Accuracy against confidence per bin, before and after calibration, with the diagonal of perfect calibration. */
    public static void reliability(Path file, String title, String subtitle, float[][] before, float[][] after, int[] labels) {
        reliability(file, title, subtitle, before, after, labels, null);
    }

    /** @param weights per example, to show the split under another class mix (null: all 1) */
    public static void reliability(Path file, String title, String subtitle, float[][] before, float[][] after,
                                   int[] labels, double[] weights) {
        ChartCanvas c = new ChartCanvas(760, 560, title, subtitle);
        c.range(0, 1, 0, 1);
        c.axes("confidence", "accuracy", 5);
        c.polyline(new double[]{0, 1}, new double[]{0, 1}, Color.GRAY, true);
        plotBins(c, before, labels, weights, ChartCanvas.PALETTE[3]);
        plotBins(c, after, labels, weights, ChartCanvas.PALETTE[0]);
        c.legend(0, String.format("before, ECE %.3f", Evaluator.expectedCalibrationError(before, labels, weights)),
                ChartCanvas.PALETTE[3]);
        c.legend(1, String.format("after, ECE %.3f", Evaluator.expectedCalibrationError(after, labels, weights)),
                ChartCanvas.PALETTE[0]);
        c.save(file);
    }

    /**
     * Accuracy of the auto-accepted scans against the share auto-accepted, for every threshold, on val and test,
     * with the target and the threshold chosen on val.
     */
    public static void riskCoverage(Path file, String title, String subtitle, List<RiskCoverage.Point> val,
                                    List<RiskCoverage.Point> test, ReviewRule rule, double accuracyTarget) {
        ChartCanvas c = new ChartCanvas(760, 560, title, subtitle);
        double floor = Math.floor(Math.min(lowest(val), lowest(test)) * 10) / 10;
        c.range(0, 1, floor, 1);
        c.axes("coverage (share auto-accepted)", "accuracy of the auto-accepted", 5);
        curve(c, val, ChartCanvas.PALETTE[0]);
        curve(c, test, ChartCanvas.PALETTE[3]);
        c.legend(0, "val (chosen here)", ChartCanvas.PALETTE[0]);
        c.legend(1, "test", ChartCanvas.PALETTE[3]);
        if (!Double.isNaN(accuracyTarget)) {
            c.polyline(new double[]{0, 1}, new double[]{accuracyTarget, accuracyTarget}, Color.GRAY, true);
        }
        if (rule.val().acceptedAccuracy() != null) {
            c.g.setColor(Color.BLACK);
            c.g.fillOval(c.px(rule.val().coverage()) - 6, c.py(rule.val().acceptedAccuracy()) - 6, 12, 12);
            c.legend(2, String.format("chosen: p >= %.3f", rule.minTopProbability()), Color.BLACK);
        }
        c.save(file);
    }

    private static double lowest(List<RiskCoverage.Point> points) {
        return points.stream().mapToDouble(p -> p.operating().acceptedAccuracy()).min().orElse(0);
    }

    private static void curve(ChartCanvas c, List<RiskCoverage.Point> points, Color color) {
        c.polyline(points.stream().mapToDouble(p -> p.operating().coverage()).toArray(),
                points.stream().mapToDouble(p -> p.operating().acceptedAccuracy()).toArray(), color, false);
    }

    private static void plotBins(ChartCanvas c, float[][] probabilities, int[] labels, double[] weights, Color color) {
        int bins = 10;
        double[] conf = new double[bins];
        double[] hits = new double[bins];
        double[] count = new double[bins];
        for (int i = 0; i < labels.length; i++) {
            double w = weights == null ? 1 : weights[i];
            int p = Evaluator.argmax(probabilities[i]);
            int b = Math.min(bins - 1, (int) (probabilities[i][p] * bins));
            conf[b] += w * probabilities[i][p];
            hits[b] += p == labels[i] ? w : 0;
            count[b] += w;
        }
        List<double[]> points = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                points.add(new double[]{conf[b] / count[b], hits[b] / count[b]});
            }
        }
        c.polyline(points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray(), color, false);
        c.g.setColor(color);
        for (double[] p : points) {
            c.g.fillOval(c.px(p[0]) - 4, c.py(p[1]) - 4, 8, 8);
        }
    }

    private static double value(EpochRecord e, String metric) {
        return switch (metric) {
            case "valLoss" -> e.valLoss();
            case "trainLoss" -> e.trainLoss();
            case "valAccuracy" -> e.valAccuracy();
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
    }
}
