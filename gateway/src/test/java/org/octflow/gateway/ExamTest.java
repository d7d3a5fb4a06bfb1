package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.Laterality;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;
import org.octflow.gateway.support.TestWorker;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** B-scans submitted with an exam id make one result per exam and eye, which follows reviews. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class ExamTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;

    @Test
    void eachEyeGetsOneResultAndAReviewChangesIt() {
        String examId = "1.2.826.0.1." + Math.abs(UUID.randomUUID().getMostSignificantBits());
        List<String> scanIds = submit(examId, List.of("L", "L", "R"));
        TestWorker worker = new TestWorker(bootstrapServers);
        ScanBatch batch = worker.awaitScanBatch(batchOf(scanIds.get(0)), TIMEOUT);
        assertThat(batch.getScansList()).extracting(s -> s.getExamId() + "/" + s.getLaterality())
                .containsExactly(examId + "/LEFT", examId + "/LEFT", examId + "/RIGHT");
        // Left: NORMAL auto-accepted, then DME the model is unsure of. Right: NORMAL auto-accepted.
        PredictionBatch answer = TestWorker.decided(TestWorker.predict(batch, "NORMAL", 0.9), Decision.AUTO_ACCEPT);
        PredictionBatch.Builder mixed = answer.toBuilder();
        mixed.getPredictionsBuilder(1).getPredictionBuilder().setLabel("DME").setDecision(Decision.REVIEW);
        worker.publish(mixed.build());
        Api.awaitBatchComplete(batch.getBatchId());

        JsonPath exam = exam(examId);
        assertThat(exam.getList("eyes.laterality")).containsExactly("L", "R");
        assertThat(exam.getString("eyes[0].result.status")).isEqualTo("REVIEW");
        assertThat(exam.getString("eyes[1].result.label")).isEqualTo("NORMAL");
        assertThat(exam.getList("eyes[0].bScans.scanId")).containsExactly(scanIds.get(0), scanIds.get(1));

        Api.asReviewer().contentType("application/json").body(Map.of("label", "DME"))
                .post("/api/v1/scans/" + scanIds.get(1) + "/reviews").then().statusCode(201);

        JsonPath reviewed = exam(examId);
        assertThat(reviewed.getString("eyes[0].result.label")).isEqualTo("DME");
        assertThat(reviewed.getString("eyes[0].result.status")).isEqualTo("DONE");
        assertThat(reviewed.getString("eyes[0].result.decidedBy")).isEqualTo(scanIds.get(1));
    }

    @Test
    void scansSentStraightToKafkaGroupIntoExamsByWhatTheWorkerRepeats() {
        String examId = "device-exam-" + UUID.randomUUID();
        ScanBatch direct = ScanBatch.newBuilder().setBatchId("device-" + UUID.randomUUID())
                .addScans(org.octflow.contracts.v1.Scan.newBuilder().setScanId(UUID.randomUUID().toString()))
                .build();
        PredictionBatch.Builder answer = TestWorker.decided(TestWorker.predict(direct, "CNV", 0.95),
                Decision.AUTO_ACCEPT).toBuilder();
        answer.getPredictionsBuilder(0).setExamId(examId).setLaterality(Laterality.RIGHT);
        new TestWorker(bootstrapServers).publish(answer.build());

        await().atMost(TIMEOUT).until(() -> Api.asReader().get("/api/v1/exams/" + examId).statusCode() == 200);
        JsonPath exam = exam(examId);
        assertThat(exam.getString("eyes[0].laterality")).isEqualTo("R");
        assertThat(exam.getString("eyes[0].result.label")).isEqualTo("CNV");
        Api.asReader().queryParam("size", "200").get("/api/v1/exams").then().statusCode(200)
                .body("items.examId", org.hamcrest.Matchers.hasItem(examId));
    }

    @Test
    void anUnknownExamIsNotFoundAndABadExamIdIsRefused() {
        Api.asReader().get("/api/v1/exams/no-such-exam").then().statusCode(404)
                .body("message", containsString("no exam no-such-exam"));
        String png = Base64.getEncoder().encodeToString(TestImages.png(16, 16));
        Api.asSubmitter().contentType("application/json")
                .body(Map.of("scans", List.of(Map.of("image", png, "examId", "Jane Doe"))))
                .post("/api/v1/scans").then().statusCode(400).body("message", containsString("never a name"))
                .body("message", org.hamcrest.Matchers.not(containsString("Jane")));
    }

    @Test
    void aMultipartUploadStatesOneExamAndEyeForAllItsFiles() {
        String examId = "mp-" + UUID.randomUUID();
        List<String> scanIds = Api.asSubmitter().contentType("multipart/form-data")
                .multiPart("scan", "a.png", TestImages.png(32, 32), "image/png")
                .multiPart("scan", "b.png", TestImages.png(32, 32), "image/png")
                .multiPart("examId", examId).multiPart("laterality", "L")
                .post("/api/v1/scans").then().statusCode(202).extract().jsonPath().getList("scanIds", String.class);

        exam(examId);
        Api.asReader().get("/api/v1/exams/" + examId).then().statusCode(200)
                .body("eyes[0].laterality", equalTo("L")).body("eyes[0].result.status", equalTo("PENDING"))
                .body("eyes[0].bScans.scanId", equalTo(scanIds));
    }

    private static List<String> submit(String examId, List<String> eyes) {
        String png = Base64.getEncoder().encodeToString(TestImages.png(32, 32));
        List<Map<String, String>> scans = eyes.stream()
                .map(eye -> Map.of("image", png, "examId", examId, "laterality", eye)).toList();
        return Api.asSubmitter().contentType("application/json").body(Map.of("scans", scans))
                .post("/api/v1/scans").then().statusCode(202).extract().jsonPath().getList("scanIds", String.class);
    }

    private static String batchOf(String scanId) {
        return Api.asReader().get("/api/v1/scans/" + scanId).then().statusCode(200).extract().path("batchId");
    }

    private static JsonPath exam(String examId) {
        return Api.asReader().get("/api/v1/exams/" + examId).then().statusCode(200).extract().jsonPath();
    }
}
