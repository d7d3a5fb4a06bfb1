package org.octflow.launcher;

import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.EvidenceMap;
import org.octflow.contracts.v1.Prediction;
import org.octflow.contracts.v1.ScanPrediction;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoReportTest {

    @Test
    void saysWhatTheModelsReviewRuleDecidedAndHowManyPredictionsCameWithAnEvidenceMap() {
        List<SentScan> sent = List.of(new SentScan("a", "b", "a.png", 0, 0), new SentScan("c", "b", "c.png", 0, 1),
                new SentScan("d", "b", "d.png", 0, 2));
        Map<String, PredictionCollector.Received> received = Map.of(
                "a", answer("a", 0, Decision.AUTO_ACCEPT, true),
                "c", answer("c", 3, Decision.AUTO_ACCEPT, true),
                "d", answer("d", 2, Decision.REVIEW, false));

        String report = DemoReport.of(sent, received).render();

        assertThat(report).contains("review rule           auto-accepted 2, to review 1, by no rule 0"
                        + " (auto-accepted accuracy 0.5000, 1 of 2)")
                .contains("evidence maps         2 of 3 predictions");
    }

    @Test
    void aModelWithoutAReviewRuleGetsNoRuleLine() {
        String report = DemoReport.of(List.of(new SentScan("a", "b", "a.png", 0, 0)),
                Map.of("a", answer("a", 0, Decision.DECISION_UNSPECIFIED, false))).render();

        assertThat(report).doesNotContain("review rule").contains("evidence maps         0 of 1 predictions");
    }

    private static PredictionCollector.Received answer(String scanId, int label, Decision decision, boolean evidence) {
        ScanPrediction.Builder p = ScanPrediction.newBuilder().setScanId(scanId)
                .setPrediction(Prediction.newBuilder().setLabelIndex(label).setDecision(decision));
        if (evidence) {
            p.setEvidence(EvidenceMap.newBuilder().setHeight(1).setWidth(1).addValues(1));
        }
        return new PredictionCollector.Received(p.build(), "m:1", 0, 1);
    }
}
