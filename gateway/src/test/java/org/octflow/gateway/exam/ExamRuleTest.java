package org.octflow.gateway.exam;

import org.junit.jupiter.api.Test;
import org.octflow.gateway.scan.ScanStatus;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ExamRuleTest {
    private final ExamRule rule = new ExamRule(List.of("CNV", "DME", "DRUSEN", "NORMAL"), Set.of("CNV", "DME"));

    @Test
    void oneAutoAcceptedReferableBScanDecidesTheEyeWhateverTheOthersShow() {
        ExamResult result = rule.apply(List.of(done("a", "NORMAL"), review("b", "DRUSEN"), done("c", "DME"),
                done("d", "NORMAL")));

        assertThat(result).isEqualTo(new ExamResult("DME", "DONE", "c",
                "referable DME on a B-scan the model auto-accepted"));
    }

    @Test
    void theMostSevereReferableWinsAndTheEarliestAmongEquals() {
        assertThat(rule.apply(List.of(done("a", "DME"), done("b", "CNV"), done("c", "CNV"))).decidedBy())
                .isEqualTo("b");
    }

    @Test
    void aBScanAwaitingReviewHoldsTheExamInReviewWhileNothingReferableIsDecided() {
        ExamResult result = rule.apply(List.of(done("a", "NORMAL"), review("b", "CNV")));

        assertThat(result.status()).isEqualTo("REVIEW");
        assertThat(result.label()).isNull();
        assertThat(result.why()).startsWith("1 B-scan(s) await review");
    }

    @Test
    void aReviewersCorrectionCountsLikeADecision() {
        BScan corrected = new BScan("b", "L", ScanStatus.REVIEW, "DRUSEN", "CNV");

        assertThat(rule.apply(List.of(done("a", "NORMAL"), corrected)))
                .isEqualTo(new ExamResult("CNV", "DONE", "b", "referable CNV on a B-scan a reviewer labelled"));
    }

    @Test
    void aReviewerCanOverruleAnAutoAcceptedReferableLabel() {
        BScan overruled = new BScan("a", "L", ScanStatus.DONE, "DME", "NORMAL");

        assertThat(rule.apply(List.of(overruled, done("b", "DRUSEN"))).label()).isEqualTo("DRUSEN");
    }

    @Test
    void withoutAnythingReferableTheMostSevereDecidedLabelStands() {
        assertThat(rule.apply(List.of(done("a", "NORMAL"), done("b", "DRUSEN"), done("c", "NORMAL"))))
                .isEqualTo(new ExamResult("DRUSEN", "DONE", "b", "nothing referable; the most severe decided label"));
    }

    @Test
    void pendingBScansKeepTheExamPendingAndFailedOnesDoNotCount() {
        assertThat(rule.apply(List.of(done("a", "NORMAL"), new BScan("b", "L", ScanStatus.PENDING, null, null)))
                .status()).isEqualTo("PENDING");
        assertThat(rule.apply(List.of(new BScan("a", "L", ScanStatus.FAILED, null, null), done("b", "NORMAL"))))
                .extracting(ExamResult::label, ExamResult::status).containsExactly("NORMAL", "DONE");
        assertThat(rule.apply(List.of(new BScan("a", "L", ScanStatus.FAILED, null, null))).status())
                .isEqualTo("FAILED");
    }

    @Test
    void theConfiguredOrderDecides() {
        ExamRule drusenFirst = new ExamRule(List.of("DRUSEN", "NORMAL"), Set.of("DRUSEN"));

        assertThat(drusenFirst.apply(List.of(done("a", "CNV"), done("b", "DRUSEN"))).label()).isEqualTo("DRUSEN");
    }

    private static BScan done(String id, String label) {
        return new BScan(id, "L", ScanStatus.DONE, label, null);
    }

    private static BScan review(String id, String label) {
        return new BScan(id, "L", ScanStatus.REVIEW, label, null);
    }
}
