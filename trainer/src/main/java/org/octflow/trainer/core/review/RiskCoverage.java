package org.octflow.trainer.core.review;

import org.octflow.contracts.manifest.ReviewRule;
import org.octflow.trainer.core.metrics.Evaluator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The risk-coverage curve of "auto-accept when the top probability is at least t" over every threshold the images
 * allow, and the threshold a {@link ReviewTarget} picks: the one that auto-accepts the most scans while meeting it.
 */
public final class RiskCoverage {
    /** Sight-threatening classes: a scan of one of them must not be auto-accepted as one of the others. */
    public static final Set<String> REFERABLE = Set.of("CNV", "DME");

    private final List<String> classes;

    public RiskCoverage(List<String> classes) {
        this.classes = List.copyOf(classes);
    }

    /** @param threshold the least top probability auto-accepted */
    public record Point(double threshold, ReviewRule.OperatingPoint operating) {
    }

    /** One point per distinct top probability, from the most confident (least coverage) to full coverage. */
    public List<Point> curve(float[][] probabilities, int[] labels) {
        return curve(probabilities, labels, null);
    }

    /** @param weights per image, to describe another class mix than the split's (null: all 1) */
    public List<Point> curve(float[][] probabilities, int[] labels, double[] weights) {
        double[] tops = Arrays.stream(probabilities).mapToDouble(p -> p[Evaluator.argmax(p)]).distinct()
                .boxed().sorted(Comparator.reverseOrder()).mapToDouble(Double::doubleValue).toArray();
        List<Point> points = new ArrayList<>();
        for (double t : tops) {
            points.add(new Point(t, at(t, probabilities, labels, weights)));
        }
        return points;
    }

    /** The rule for {@code target}, chosen on val, with where it operates on val and on test. */
    public ReviewRule choose(ReviewTarget target, float[][] valProbabilities, int[] valLabels,
                             float[][] testProbabilities, int[] testLabels) {
        return choose(target, valProbabilities, valLabels, null, testProbabilities, testLabels);
    }

    /** @param valWeights per val image, its weight under the deployment prior (null: val's own mix) */
    public ReviewRule choose(ReviewTarget target, float[][] valProbabilities, int[] valLabels, double[] valWeights,
                             float[][] testProbabilities, int[] testLabels) {
        // Above every probability: nothing is auto-accepted, what a target no threshold meets on val comes to.
        double threshold = Math.nextUp(1.0);
        for (Point point : curve(valProbabilities, valLabels, valWeights)) {
            ReviewRule.OperatingPoint o = point.operating();
            if (target.isMetBy(o.acceptedAccuracy(), o.referableMissRate())) {
                threshold = point.threshold();
            }
        }
        return new ReviewRule(threshold, target.describe(), at(threshold, valProbabilities, valLabels, valWeights),
                at(threshold, testProbabilities, testLabels, null));
    }

    public ReviewRule.OperatingPoint at(double threshold, float[][] probabilities, int[] labels) {
        return at(threshold, probabilities, labels, null);
    }

    /** @param weights per image (null: all 1): shares and accuracies of the mix they describe */
    public ReviewRule.OperatingPoint at(double threshold, float[][] probabilities, int[] labels, double[] weights) {
        double all = 0;
        double accepted = 0;
        double correct = 0;
        double referable = 0;
        double missed = 0;
        for (int i = 0; i < labels.length; i++) {
            double w = weights == null ? 1 : weights[i];
            int predicted = Evaluator.argmax(probabilities[i]);
            boolean isReferable = REFERABLE.contains(classes.get(labels[i]));
            all += w;
            if (isReferable) {
                referable += w;
            }
            if (probabilities[i][predicted] >= threshold) {
                accepted += w;
                if (predicted == labels[i]) {
                    correct += w;
                }
                if (isReferable && !REFERABLE.contains(classes.get(predicted))) {
                    missed += w;
                }
            }
        }
        return new ReviewRule.OperatingPoint(labels.length, accepted / all,
                accepted == 0 ? null : correct / accepted, referable == 0 ? 0 : missed / referable);
    }
}
