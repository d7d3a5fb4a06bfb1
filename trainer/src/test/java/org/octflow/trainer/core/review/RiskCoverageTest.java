package org.octflow.trainer.core.review;

import org.junit.jupiter.api.Test;
import org.octflow.contracts.manifest.ReviewRule;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RiskCoverageTest {
    private static final List<String> CLASSES = List.of("CNV", "DME", "DRUSEN", "NORMAL");
    private final RiskCoverage curve = new RiskCoverage(CLASSES);

    /** Ten scans, most confident first; the 4th and 7th most confident are wrong. */
    private static final float[][] PROBABILITIES = {
            row(0, 0.99f), row(3, 0.97f), row(1, 0.95f), row(3, 0.93f), row(0, 0.90f),
            row(2, 0.85f), row(3, 0.80f), row(3, 0.70f), row(1, 0.60f), row(2, 0.50f)};
    // The 4th is a CNV scan auto-accepted as NORMAL at 0.93: a referable miss. The 7th a DRUSEN called NORMAL.
    private static final int[] LABELS = {0, 3, 1, 0, 0, 2, 2, 3, 1, 2};

    @Test
    void theCurveRunsFromTheMostConfidentScanToFullCoverage() {
        List<RiskCoverage.Point> points = curve.curve(PROBABILITIES, LABELS);

        assertThat(points).hasSize(10);
        assertThat(points.get(0).operating().coverage()).isCloseTo(0.1, within(1e-9));
        assertThat(points.get(9).operating().coverage()).isEqualTo(1.0);
        assertThat(points.get(9).operating().acceptedAccuracy()).isCloseTo(0.8, within(1e-9));
        assertThat(points.get(3).operating().acceptedAccuracy()).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void anAccuracyTargetAutoAcceptsTheMostScansThatStillMeetIt() {
        ReviewRule rule = curve.choose(new ReviewTarget(ReviewTarget.Kind.ACCEPTED_ACCURACY, 0.8),
                PROBABILITIES, LABELS, PROBABILITIES, LABELS);

        // Down to 0.90: 4 of 5 right; 0.85: 5 of 6; 0.80: 5 of 7 < 0.8; 0.50 (all): 8 of 10 = 0.8 meets it again.
        assertThat(rule.minTopProbability()).isCloseTo(0.5, within(1e-6));
        assertThat(rule.val().coverage()).isEqualTo(1.0);
        assertThat(rule.target()).contains("80.0 %");
    }

    @Test
    void aReferableMissTargetSendsTheMissedCnvScanToReview() {
        ReviewRule rule = curve.choose(new ReviewTarget(ReviewTarget.Kind.REFERABLE_MISS, 0),
                PROBABILITIES, LABELS, PROBABILITIES, LABELS);

        assertThat(rule.minTopProbability()).isCloseTo(0.95, within(1e-6));
        assertThat(rule.accepts(0.94f)).isFalse();
        assertThat(rule.val().coverage()).isCloseTo(0.3, within(1e-9));
        assertThat(rule.val().referableMissRate()).isZero();
        assertThat(rule.test()).isEqualTo(rule.val());
    }

    @Test
    void aTargetNothingMeetsSendsEveryScanToReview() {
        ReviewRule rule = curve.choose(new ReviewTarget(ReviewTarget.Kind.ACCEPTED_ACCURACY, 1.0),
                new float[][]{row(3, 0.99f)}, new int[]{0}, PROBABILITIES, LABELS);

        assertThat(rule.accepts(1.0f)).isFalse();
        assertThat(rule.val().coverage()).isZero();
        assertThat(rule.val().acceptedAccuracy()).isNull();
    }

    @Test
    void aTargetIsWrittenAsKindAndShare() {
        assertThat(ReviewTarget.parse("referable-miss:0.01"))
                .isEqualTo(new ReviewTarget(ReviewTarget.Kind.REFERABLE_MISS, 0.01));
        assertThatThrownBy(() -> ReviewTarget.parse("0.95")).hasMessageContaining("accuracy:0.95");
        assertThatThrownBy(() -> ReviewTarget.parse("accuracy:95")).hasMessageContaining("between 0 and 1");
    }

    private static float[] row(int predicted, float top) {
        float[] p = new float[4];
        java.util.Arrays.fill(p, (1 - top) / 3);
        p[predicted] = top;
        return p;
    }
}
