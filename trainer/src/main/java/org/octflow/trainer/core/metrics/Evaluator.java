package org.octflow.trainer.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Classification figures from probabilities and true labels: accuracy, OvR AUC, F1, ECE, confusion matrix. */
public final class Evaluator {
    public static final int ECE_BINS = 15;

    private final List<String> classes;

    public Evaluator(List<String> classes) {
        this.classes = List.copyOf(classes);
    }

    /** @param probabilities one row per example, one column per class, rows summing to 1 */
    public EvaluationReport evaluate(float[][] probabilities, int[] labels) {
        return evaluate(probabilities, labels, null);
    }

    /**
     * @param weights per example, e.g. to score a split under another class mix (importance weights); accuracy,
     *                log-loss and ECE are weighted, the per-class figures and AUC are not; null: all 1
     */
    public EvaluationReport evaluate(float[][] probabilities, int[] labels, double[] weights) {
        int k = classes.size();
        int n = labels.length;
        if (probabilities.length != n) {
            throw new IllegalArgumentException(probabilities.length + " predictions for " + n + " labels");
        }
        int[][] confusion = new int[k][k];
        double logLoss = 0;
        double correct = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1 : weights[i];
            int predicted = argmax(probabilities[i]);
            confusion[labels[i]][predicted]++;
            if (predicted == labels[i]) {
                correct += w;
            }
            logLoss -= w * Math.log(Math.max(probabilities[i][labels[i]], 1e-12));
            total += w;
        }
        List<ClassMetrics> perClass = new ArrayList<>();
        double sumF1 = 0;
        double sumAuc = 0;
        int aucClasses = 0;
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            int predictedC = 0;
            int actualC = 0;
            for (int j = 0; j < k; j++) {
                predictedC += confusion[j][c];
                actualC += confusion[c][j];
            }
            double precision = predictedC == 0 ? 0 : tp / (double) predictedC;
            double recall = actualC == 0 ? 0 : tp / (double) actualC;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            double auc = oneVsRestAuc(probabilities, labels, c);
            perClass.add(new ClassMetrics(classes.get(c), precision, recall, f1, auc, actualC));
            sumF1 += f1;
            if (!Double.isNaN(auc)) {
                sumAuc += auc;
                aucClasses++;
            }
        }
        return new EvaluationReport(n, n == 0 ? 0 : correct / total, aucClasses == 0 ? Double.NaN : sumAuc / aucClasses,
                sumF1 / k, n == 0 ? 0 : logLoss / total, expectedCalibrationError(probabilities, labels, weights),
                perClass, confusion);
    }

    /** Mann-Whitney form of the ROC AUC with average ranks for ties; NaN when a class is absent or alone. */
    static double oneVsRestAuc(float[][] probabilities, int[] labels, int c) {
        int n = labels.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(probabilities[a][c], probabilities[b][c]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && probabilities[order[j + 1]][c] == probabilities[order[i]][c]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (labels[order[t]] == c) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }

    /** Gap between confidence and accuracy, weighted by bin size, over equal-width confidence bins. */
    public static double expectedCalibrationError(float[][] probabilities, int[] labels) {
        return expectedCalibrationError(probabilities, labels, null);
    }

    /** @param weights per example (null: all 1): the ECE of the mix they describe */
    public static double expectedCalibrationError(float[][] probabilities, int[] labels, double[] weights) {
        double[] confidence = new double[ECE_BINS];
        double[] hits = new double[ECE_BINS];
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            double w = weights == null ? 1 : weights[i];
            int predicted = argmax(probabilities[i]);
            double p = probabilities[i][predicted];
            int bin = Math.min(ECE_BINS - 1, (int) (p * ECE_BINS));
            confidence[bin] += w * p;
            hits[bin] += predicted == labels[i] ? w : 0;
            total += w;
        }
        double ece = 0;
        for (int b = 0; b < ECE_BINS; b++) {
            ece += Math.abs(hits[b] - confidence[b]) / total;
        }
        return ece;
    }

    public static int argmax(float[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }
}
