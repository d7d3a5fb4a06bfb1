package org.octflow.trainer.core.calibration;

import org.octflow.trainer.core.metrics.Evaluator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Chooses the calibration from validation evidence: each method is fitted on k-1 folds of val and scored on the fold
 * it did not see, so its figures are not flattered by fitting and scoring on the same images. The chosen method is
 * the one with the lowest cross-validated log-loss among those whose cross-validated ECE is no worse than no
 * calibration's; it is then fitted on all of val. Fits are made on val's own mix and then moved to the deployment
 * prior; every candidate is scored under that prior (val images importance-weighted to it).
 *
 * @param calibration the chosen method fitted on all of val, moved to the deployment prior
 * @param candidates  every method's cross-validated figures, in {@link CalibrationMethod} order
 */
public record CalibrationChoice(LogitCalibration calibration, DeploymentPrior prior, int folds,
                                List<Candidate> candidates) {
    public static final int FOLDS = 5;

    /** @param cvLogLoss mean log-loss of the out-of-fold probabilities; cvEce their expected calibration error */
    public record Candidate(CalibrationMethod method, double cvLogLoss, double cvEce) {
    }

    public CalibrationMethod method() {
        return calibration.method();
    }

    public Candidate chosen() {
        return candidates.stream().filter(c -> c.method() == method()).findFirst().orElseThrow();
    }

    public static CalibrationChoice choose(float[][] valLogits, int[] valLabels, DeploymentPrior prior, long seed) {
        return choose(valLogits, valLabels, List.of(CalibrationMethod.values()), prior, seed);
    }

    public static CalibrationChoice choose(float[][] valLogits, int[] valLabels, List<CalibrationMethod> methods,
                                           DeploymentPrior prior, long seed) {
        CalibrationFitter fitter = new CalibrationFitter();
        int classes = valLogits[0].length;
        double[] valPrior = frequencies(valLabels, classes);
        double[] targetPrior = prior.probabilities(valPrior);
        double[] weights = prior.sampleWeights(valLabels, classes);
        int[] fold = stratifiedFolds(valLabels, FOLDS, seed);
        List<Candidate> candidates = new ArrayList<>();
        for (CalibrationMethod method : methods) {
            float[][] outOfFold = new float[valLabels.length][];
            for (int f = 0; f < FOLDS; f++) {
                int held = f;
                int[] fitRows = rows(fold, i -> fold[i] != held);
                int[] scoreRows = rows(fold, i -> fold[i] == held);
                LogitCalibration fitted = moved(fitter.fit(method, select(valLogits, fitRows),
                        select(valLabels, fitRows)), valPrior, targetPrior);
                float[][] scored = fitted.probabilities(select(valLogits, scoreRows));
                for (int r = 0; r < scoreRows.length; r++) {
                    outOfFold[scoreRows[r]] = scored[r];
                }
            }
            candidates.add(new Candidate(method, logLoss(outOfFold, valLabels, weights),
                    Evaluator.expectedCalibrationError(outOfFold, valLabels, weights)));
        }
        double uncalibratedEce = candidates.stream().filter(c -> c.method() == CalibrationMethod.NONE)
                .mapToDouble(Candidate::cvEce).findFirst().orElse(Double.POSITIVE_INFINITY);
        Candidate best = candidates.stream()
                .filter(c -> c.cvEce() <= uncalibratedEce)
                .min((a, b) -> Double.compare(a.cvLogLoss(), b.cvLogLoss()))
                .orElse(candidates.get(0));
        LogitCalibration fitted = moved(fitter.fit(best.method(), valLogits, valLabels), valPrior, targetPrior);
        return new CalibrationChoice(fitted, prior, FOLDS, List.copyOf(candidates));
    }

    /** NONE stays the network's own probabilities; a fitted calibration is moved to the deployment prior. */
    private static LogitCalibration moved(LogitCalibration fitted, double[] valPrior, double[] targetPrior) {
        return fitted.method() == CalibrationMethod.NONE ? fitted : fitted.withPrior(valPrior, targetPrior);
    }

    public static double logLoss(float[][] probabilities, int[] labels) {
        return logLoss(probabilities, labels, null);
    }

    /** @param weights per example, null: all 1 */
    public static double logLoss(float[][] probabilities, int[] labels, double[] weights) {
        double total = 0;
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double w = weights == null ? 1 : weights[i];
            total -= w * Math.log(Math.max(probabilities[i][labels[i]], 1e-12));
            sum += w;
        }
        return total / sum;
    }

    public static double[] frequencies(int[] labels, int classes) {
        double[] f = new double[classes];
        for (int label : labels) {
            f[label] += 1.0 / labels.length;
        }
        return f;
    }

    /** Each class's images dealt round-robin over the folds in a seeded random order, so every fold has every class. */
    static int[] stratifiedFolds(int[] labels, int folds, long seed) {
        Random random = new Random(seed);
        int[] fold = new int[labels.length];
        int classes = Arrays.stream(labels).max().orElse(0) + 1;
        for (int c = 0; c < classes; c++) {
            int label = c;
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == label) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, random);
            for (int m = 0; m < members.size(); m++) {
                fold[members.get(m)] = m % folds;
            }
        }
        return fold;
    }

    private static int[] rows(int[] fold, java.util.function.IntPredicate keep) {
        return java.util.stream.IntStream.range(0, fold.length).filter(keep).toArray();
    }

    private static float[][] select(float[][] values, int[] rows) {
        float[][] out = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            out[r] = values[rows[r]];
        }
        return out;
    }

    private static int[] select(int[] values, int[] rows) {
        int[] out = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = values[rows[r]];
        }
        return out;
    }
}
