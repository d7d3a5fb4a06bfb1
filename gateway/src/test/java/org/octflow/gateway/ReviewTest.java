package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.ImagingSystem;
import org.octflow.gateway.support.LogCapture;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.Rows;
import org.octflow.gateway.support.TestImages;
import org.octflow.gateway.support.TestWorker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * A reviewer confirms or corrects what the model said: every review is an audit row beside the untouched prediction,
 * the queue offers what still waits, and agreement per model version sums it up.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class ReviewTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aCorrectionIsAuditedBesideThePredictionWhichIsNeverOverwritten() {
        String scanId = predicted(model(), "DME", Decision.REVIEW, Instant.now()).get(0);

        JsonPath review = review(scanId, Map.of("label", "CNV", "note", "fluid is subretinal", "reviewer", "AB"))
                .then().statusCode(201).extract().jsonPath();

        assertThat(review.getString("modelLabel")).isEqualTo("DME");
        assertThat(review.getString("finalLabel")).isEqualTo("CNV");
        assertThat(review.getBoolean("agrees")).isFalse();
        assertThat(review.getBoolean("spotCheck")).isFalse();
        assertThat(review.getString("reviewerName")).isEqualTo("AB");
        assertThat(review.getString("reviewerKey")).hasSize(8);
        assertThat(review.getString("modelSha256")).isEqualTo("ab".repeat(32));
        Api.asReader().get("/api/v1/scans/" + scanId).then().statusCode(200)
                .body("prediction.label", equalTo("DME")).body("status", equalTo("REVIEW"));
        assertThat(Rows.count(dataSource, "SELECT count(*) FROM scan_review WHERE scan_id = ? AND model_label = 'DME'"
                + " AND final_label = 'CNV'", scanId)).isOne();
    }

    @Test
    void theLatestReviewGivesTheFinalLabelAndEveryReviewStaysInTheTrail() {
        String scanId = predicted(model(), "DRUSEN", Decision.REVIEW, Instant.now()).get(0);
        review(scanId, Map.of("label", "NORMAL")).then().statusCode(201);
        review(scanId, Map.of("label", "DRUSEN", "note", "second opinion")).then().statusCode(201);

        Api.asReader().get("/api/v1/scans/" + scanId + "/reviews").then().statusCode(200)
                .body("modelLabel", equalTo("DRUSEN"))
                .body("finalLabel", equalTo("DRUSEN"))
                .body("reviews.finalLabel", equalTo(List.of("NORMAL", "DRUSEN")))
                .body("reviews.agrees", equalTo(List.of(false, true)));
    }

    @Test
    void theQueueOffersUnansweredReviewScansOldestFirstAndFiltersByModelAndLabel() {
        ModelRef model = model();
        Instant start = Instant.parse("2026-11-01T08:00:00Z");
        String older = predicted(model, "CNV", Decision.REVIEW, start).get(0);
        String newer = predicted(model, "DME", Decision.REVIEW, start.plusSeconds(60)).get(0);
        String accepted = predicted(model, "NORMAL", Decision.AUTO_ACCEPT, start.plusSeconds(30)).get(0);

        assertThat(queue(model, Map.of())).containsExactly(older, newer);
        assertThat(queue(model, Map.of("label", "DME"))).containsExactly(newer);
        assertThat(queue(model, Map.of("spotChecks", "true"))).containsExactly(accepted);

        review(older, Map.of("label", "CNV")).then().statusCode(201);
        assertThat(queue(model, Map.of())).containsExactly(newer);
    }

    @Test
    void theQueueFiltersBySiteDeviceAndExamScansFromBothWaysIn() {
        ModelRef model = model();
        String site = "site-" + UUID.randomUUID();
        String device = "device-" + UUID.randomUUID();
        String exam = "1.2.840." + Math.abs(UUID.randomUUID().getMostSignificantBits());
        String uploadedHere = uploadedForReview(model, Map.of("site", site, "device", "other"), exam);
        String uploadedElsewhere = uploadedForReview(model, Map.of("site", "other", "device", device), "");
        String directHere = sentStraightForReview(model, Map.of("site", site, "device", device), "");
        String directElsewhere = sentStraightForReview(model, Map.of("site", "other"), exam);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(queue(model, Map.of("site", site)))
                .containsExactlyInAnyOrder(uploadedHere, directHere));
        assertThat(queue(model, Map.of("device", device))).containsExactlyInAnyOrder(uploadedElsewhere, directHere);
        assertThat(queue(model, Map.of("examId", exam))).containsExactlyInAnyOrder(uploadedHere, directElsewhere);
        assertThat(queue(model, Map.of("site", site, "device", device))).containsExactly(directHere);
        assertThat(queue(model, Map.of())).hasSize(4);
        assertThat(Api.asReader().queryParam("modelVersion", model.getVersion()).queryParam("site", site)
                .get("/api/v1/predictions").then().statusCode(200).extract().jsonPath()
                .getList("items.scanId", String.class)).containsExactlyInAnyOrder(uploadedHere, directHere);
    }

    @Test
    void agreementCountsReviewsPerClassAndSpotChecksApart() {
        ModelRef model = model();
        Instant at = Instant.now();
        List<String> toReview = predicted(model, "CNV", Decision.REVIEW, at, 3);
        String accepted = predicted(model, "NORMAL", Decision.AUTO_ACCEPT, at).get(0);
        review(toReview.get(0), Map.of("label", "CNV")).then().statusCode(201);
        review(toReview.get(1), Map.of("label", "DME")).then().statusCode(201);
        review(accepted, Map.of("label", "NORMAL")).then().statusCode(201);

        JsonPath agreement = Api.asReader().queryParam("modelVersion", model.getVersion())
                .get("/api/v1/reviews/agreement").then().statusCode(200).extract().jsonPath();

        assertThat(agreement.getList("")).hasSize(1);
        assertThat(agreement.getLong("[0].reviewShare.count")).isEqualTo(3);
        assertThat(agreement.getLong("[0].reviewShare.of")).isEqualTo(4);
        assertThat(agreement.getLong("[0].reviewed.count")).isEqualTo(2);
        assertThat(agreement.getDouble("[0].agreement.share")).isEqualTo(0.5);
        assertThat(agreement.getDouble("[0].agreement.low")).isLessThan(0.5);
        assertThat(agreement.getDouble("[0].agreement.high")).isGreaterThan(0.5);
        assertThat(agreement.getList("[0].perClass.label")).containsExactly("CNV", "DME");
        assertThat(agreement.getLong("[0].perClass[0].kept.of")).isEqualTo(2);
        assertThat(agreement.getLong("[0].perClass[1].found.count")).isZero();
        assertThat(agreement.getLong("[0].spotCheckAccuracy.of")).isOne();
        assertThat(agreement.getDouble("[0].spotCheckAccuracy.share")).isEqualTo(1.0);
        assertThat(agreement.getLong("[0].byDay[0].predicted")).isEqualTo(4);
    }

    @Test
    void theLatestReviewsListEachReviewedScanOnceWithTheLabelThatStands() {
        String scanId = predicted(model(), "DRUSEN", Decision.REVIEW, Instant.now()).get(0);
        review(scanId, Map.of("label", "NORMAL")).then().statusCode(201);
        review(scanId, Map.of("label", "DME")).then().statusCode(201);

        JsonPath latest = Api.asReader().queryParam("size", "200").get("/api/v1/reviews").then().statusCode(200)
                .extract().jsonPath();

        assertThat(latest.getList("items.findAll { it.scanId == '" + scanId + "' }.finalLabel"))
                .containsExactly("DME");
        assertThat(latest.getString("items[0].scanId")).isEqualTo(scanId);
    }

    @Test
    void aPendingScanCannotBeReviewedAndAnUnknownOneIsNotFound() {
        String pending = Api.submitPngs(1).scanIds().get(0);

        review(pending, Map.of("label", "CNV")).then().statusCode(409)
                .body("message", containsString("still PENDING"));
        review("no-such-scan", Map.of("label", "CNV")).then().statusCode(404)
                .body("message", containsString("no scan no-such-scan"));
        Api.asReader().get("/api/v1/scans/no-such-scan/reviews").then().statusCode(404);
    }

    @Test
    void aLabelOutsideTheModelsClassesOrAnUnknownFieldIsRefusedWithoutEchoingTheNote() {
        String scanId = predicted(model(), "CNV", Decision.REVIEW, Instant.now()).get(0);
        String note = "patient Jane Doe, MRN 123456";

        review(scanId, Map.of("label", "GLAUCOMA", "note", note)).then().statusCode(400)
                .body("message", containsString("use one of CNV, DME, DRUSEN, NORMAL"))
                .body("message", not(containsString("Jane")));
        review(scanId, Map.of("lable", "CNV", "note", note)).then().statusCode(400)
                .body("message", containsString("its fields are label, note and reviewer"))
                .body("message", not(containsString("Jane")));
        review(scanId, Map.of("label", "CNV", "note", "x".repeat(2001))).then().statusCode(400)
                .body("message", containsString("at most 2000"));
        assertThat(Rows.count(dataSource, "SELECT count(*) FROM scan_review WHERE scan_id = ?", scanId)).isZero();
    }

    @Test
    void aReviewersNoteNeverReachesTheLog() {
        String scanId = predicted(model(), "DME", Decision.REVIEW, Instant.now()).get(0);
        String note = "patient Jane Doe, MRN 987654";
        try (LogCapture logs = LogCapture.start()) {
            review(scanId, Map.of("label", "DME", "note", note)).then().statusCode(201);
            review(scanId, Map.of("label", "NOPE", "note", note)).then().statusCode(400);

            assertThat(logs.lines()).noneMatch(line -> line.contains("987654"));
        }
    }

    private static io.restassured.response.Response review(String scanId, Map<String, String> body) {
        return Api.asReviewer().contentType("application/json").body(body)
                .post("/api/v1/scans/" + scanId + "/reviews");
    }

    private static List<String> queue(ModelRef model, Map<String, String> filters) {
        return Api.asReviewer().queryParam("modelVersion", model.getVersion()).queryParams(filters)
                .get("/api/v1/reviews/queue").then().statusCode(200).extract().jsonPath()
                .getList("items.scanId", String.class);
    }

    /** A model version of its own, so that each test's queue and agreement hold only its scans. */
    private static ModelRef model() {
        return TestWorker.MODEL.toBuilder().setVersion("review-" + UUID.randomUUID()).build();
    }

    /** One scan uploaded as JSON with this metadata and exam, sent to review by the worker. */
    private String uploadedForReview(ModelRef model, Map<String, String> metadata, String examId) {
        Map<String, Object> scan = new java.util.HashMap<>(Map.of("image",
                java.util.Base64.getEncoder().encodeToString(TestImages.png(32, 32)), "metadata", metadata));
        if (!examId.isEmpty()) {
            scan.put("examId", examId);
        }
        String batchId = Api.asSubmitter().contentType("application/json").body(Map.of("scans", List.of(scan)))
                .post("/api/v1/scans").then().statusCode(202).extract().path("batchId");
        TestWorker worker = new TestWorker(bootstrapServers);
        ScanBatch batch = worker.awaitScanBatch(batchId, TIMEOUT);
        worker.publish(TestWorker.decided(TestWorker.predict(batch, "CNV", 0.5, model, Instant.now()),
                Decision.REVIEW));
        Api.awaitBatchComplete(batchId);
        return batch.getScans(0).getScanId();
    }

    /** One scan an imaging system sent straight to Kafka, answered REVIEW by a worker repeating its exam. */
    private String sentStraightForReview(ModelRef model, Map<String, String> metadata, String examId) {
        ScanBatch batch = ImagingSystem.batch(ImagingSystem.scan(TestImages.png(32, 32),
                org.octflow.contracts.v1.ImageEncoding.PNG, 0, 0, metadata, examId));
        TestWorker worker = new TestWorker(bootstrapServers);
        worker.publishScanBatch(batch);
        var answer = TestWorker.decided(TestWorker.predict(batch, "CNV", 0.5, model, Instant.now()),
                Decision.REVIEW).toBuilder();
        answer.getPredictionsBuilderList().forEach(p -> p.setExamId(examId));
        worker.publish(answer.build());
        String scanId = batch.getScans(0).getScanId();
        await().atMost(TIMEOUT).until(() -> Rows.count(dataSource, "SELECT count(*) FROM prediction WHERE scan_id = ?",
                scanId) == 1);
        return scanId;
    }

    private List<String> predicted(ModelRef model, String label, Decision decision, Instant at) {
        return predicted(model, label, decision, at, 1);
    }

    /** Submits {@code scans} scans and has a worker answer them with {@code label} and {@code decision}. */
    private List<String> predicted(ModelRef model, String label, Decision decision, Instant at, int scans) {
        Api.Submission submission = Api.submitPngs(scans);
        TestWorker worker = new TestWorker(bootstrapServers);
        ScanBatch batch = worker.awaitScanBatch(submission.batchId(), TIMEOUT);
        worker.publish(TestWorker.decided(TestWorker.predict(batch, label, 0.7, model, at), decision));
        Api.awaitBatchComplete(batch.getBatchId());
        return submission.scanIds();
    }
}
