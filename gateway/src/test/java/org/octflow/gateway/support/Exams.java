package org.octflow.gateway.support;

import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanBatch;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Exams made through the API and a {@link TestWorker}: B-scans submitted with an exam id and eye, then answered. */
public final class Exams {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Exams() {
    }

    /** One PNG B-scan per eye given ("R", "L"), all of exam {@code examId}; their scan ids in order. */
    public static List<String> submit(String examId, List<String> eyes) {
        String png = Base64.getEncoder().encodeToString(TestImages.png(32, 32));
        List<Map<String, String>> scans = eyes.stream()
                .map(eye -> Map.of("image", png, "examId", examId, "laterality", eye)).toList();
        return Api.asSubmitter().contentType("application/json").body(Map.of("scans", scans))
                .post("/api/v1/scans").then().statusCode(202).extract().jsonPath().getList("scanIds", String.class);
    }

    /** As {@link #submit}, each B-scan then predicted as its label (probability 0.9) and auto-accepted. */
    public static List<String> withResults(String bootstrapServers, String examId, List<String> eyes,
                                           List<String> labels) {
        List<String> scanIds = submit(examId, eyes);
        answer(bootstrapServers, scanIds, labels);
        return scanIds;
    }

    /** The worker's answer to the batch of {@code scanIds}: each its label (probability 0.9), auto-accepted. */
    public static void answer(String bootstrapServers, List<String> scanIds, List<String> labels) {
        TestWorker worker = new TestWorker(bootstrapServers);
        String batchId = Api.asReader().get("/api/v1/scans/" + scanIds.get(0)).then().statusCode(200).extract()
                .path("batchId");
        ScanBatch batch = worker.awaitScanBatch(batchId, TIMEOUT);
        PredictionBatch.Builder answer = TestWorker.decided(TestWorker.predict(batch, labels.get(0), 0.9),
                Decision.AUTO_ACCEPT).toBuilder();
        for (int i = 1; i < labels.size(); i++) {
            var prediction = answer.getPredictionsBuilder(i).getPredictionBuilder().setLabel(labels.get(i))
                    .setLabelIndex(TestWorker.LABELS.indexOf(labels.get(i)));
            for (int c = 0; c < prediction.getProbabilitiesCount(); c++) {
                var p = prediction.getProbabilitiesBuilder(c);
                p.setProbability(p.getLabel().equals(labels.get(i)) ? 0.9f : 0.1f / 3);
            }
        }
        worker.publish(answer.build());
        Api.awaitBatchComplete(batch.getBatchId());
    }
}
