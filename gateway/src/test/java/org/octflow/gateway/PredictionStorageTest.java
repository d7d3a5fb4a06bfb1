package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.Headers;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.Rows;
import org.octflow.gateway.support.TestWorker;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;

/** What the gateway makes of what workers publish: stored once, marked DONE, REVIEW or FAILED with the reason. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class PredictionStorageTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry metrics;

    @Test
    void aRedeliveredPredictionIsStoredOnce() {
        ScanBatch batch = submitAndAwaitPublished(1);
        String scanId = batch.getScans(0).getScanId();
        TestWorker worker = new TestWorker(bootstrapServers);
        Instant first = Instant.parse("2026-11-20T10:00:00Z");
        worker.publish(TestWorker.predict(batch, "DME", 0.88, TestWorker.MODEL, first));
        Api.awaitBatchComplete(batch.getBatchId());
        double duplicatesBefore = duplicates();

        // The same batch again, as after a worker crash, with a different answer: the first one stands.
        worker.publish(TestWorker.predict(batch, "NORMAL", 0.99, TestWorker.MODEL, first.plusSeconds(60)));
        await().atMost(TIMEOUT).until(() -> duplicates() > duplicatesBefore);

        assertThat(Rows.count(dataSource, "SELECT count(*) FROM prediction WHERE scan_id = ?", scanId)).isOne();
        Api.asReader().get("/api/v1/scans/" + scanId).then().statusCode(200)
                .body("status", equalTo("DONE"))
                .body("prediction.label", equalTo("DME"))
                .body("prediction.predictedAt", equalTo("2026-11-20T10:00:00Z"));
    }

    @Test
    void aLowConfidencePredictionIsMarkedForReview() {
        ScanBatch batch = submitAndAwaitPublished(1);
        new TestWorker(bootstrapServers).publish(TestWorker.predict(batch, "DRUSEN", 0.45));

        Api.awaitBatchComplete(batch.getBatchId());
        Api.asReader().get("/api/v1/scans/" + batch.getScans(0).getScanId()).then().statusCode(200)
                .body("status", equalTo("REVIEW")).body("prediction.status", equalTo("REVIEW"));
    }

    @Test
    void theModelsOwnReviewRuleDecidesOverTheGatewaysThreshold() {
        ScanBatch unsure = submitAndAwaitPublished(1);
        ScanBatch sure = submitAndAwaitPublished(1);
        TestWorker worker = new TestWorker(bootstrapServers);
        // Below the gateway's 0.6 but accepted by the model's rule, and the other way round.
        worker.publish(TestWorker.decided(TestWorker.predict(unsure, "DME", 0.45), Decision.AUTO_ACCEPT));
        worker.publish(TestWorker.decided(TestWorker.predict(sure, "CNV", 0.9), Decision.REVIEW));

        Api.awaitBatchComplete(unsure.getBatchId());
        Api.awaitBatchComplete(sure.getBatchId());
        Api.asReader().get("/api/v1/scans/" + unsure.getScans(0).getScanId()).then().statusCode(200)
                .body("status", equalTo("DONE"));
        Api.asReader().get("/api/v1/scans/" + sure.getScans(0).getScanId()).then().statusCode(200)
                .body("status", equalTo("REVIEW"));
    }

    @Test
    void theModelsEvidenceMapIsStoredWithThePredictionAndReturned() {
        ScanBatch batch = submitAndAwaitPublished(1);
        new TestWorker(bootstrapServers).publish(TestWorker.withEvidence(TestWorker.predict(batch, "CNV", 0.9)));

        Api.awaitBatchComplete(batch.getBatchId());
        Api.asReader().get("/api/v1/scans/" + batch.getScans(0).getScanId()).then().statusCode(200)
                .body("prediction.evidence.label", equalTo("CNV"))
                .body("prediction.evidence.height", equalTo(2))
                .body("prediction.evidence.width", equalTo(2))
                .body("prediction.evidence.values", contains(1f, 2f, 3f, 4f));
    }

    @Test
    void aPredictionWithoutEvidenceHasNone() {
        ScanBatch batch = submitAndAwaitPublished(1);
        new TestWorker(bootstrapServers).publish(TestWorker.predict(batch, "CNV", 0.9));

        Api.awaitBatchComplete(batch.getBatchId());
        Api.asReader().get("/api/v1/scans/" + batch.getScans(0).getScanId()).then().statusCode(200)
                .body("prediction.label", equalTo("CNV"))
                .body("prediction.evidence", nullValue());
    }

    @Test
    void aFailedScanIsMarkedFailedOnceFromItsDeadLetter() {
        ScanBatch batch = submitAndAwaitPublished(2);
        new TestWorker(bootstrapServers).publishFailure(batch, ErrorCode.MODEL_FAILURE,
                "the model run failed after 3 retries: check the worker's log");

        var finished = Api.awaitBatchComplete(batch.getBatchId());
        assertThat(finished.getInt("failed")).isEqualTo(2);
        assertThat(finished.getList("scans.errorCode", String.class)).containsOnly("MODEL_FAILURE");
        assertThat(finished.getList("scans.errorReason", String.class))
                .containsOnly("the model run failed after 3 retries: check the worker's log");
        await().atMost(TIMEOUT).untilAsserted(() -> Api.asReader().queryParam("batchId", batch.getBatchId())
                .get("/api/v1/failures").then().statusCode(200)
                .body("totalItems", equalTo(2))
                .body("items.code", everyItem(equalTo("MODEL_FAILURE"))));
    }

    @Test
    void aBadScanSentStraightToKafkaIsQueryableAsAFailure() {
        ScanBatch batch = ScanBatch.newBuilder().setBatchId("from-device-" + java.util.UUID.randomUUID())
                .addScans(org.octflow.contracts.v1.Scan.newBuilder().setScanId("device-scan-1")).build();
        new TestWorker(bootstrapServers).publishFailure(batch, ErrorCode.UNDECODABLE_IMAGE, "not a PNG");

        await().atMost(TIMEOUT).untilAsserted(() -> Api.asReader().queryParam("batchId", batch.getBatchId())
                .get("/api/v1/failures").then().statusCode(200)
                .body("totalItems", equalTo(1))
                .body("items[0].scanId", equalTo("device-scan-1"))
                .body("items[0].code", equalTo("UNDECODABLE_IMAGE"))
                .body("items[0].origin", equalTo("octflow.scans.v1/0/0")));
    }

    @Test
    void aDeadLetteredScanIsMarkedFailed() {
        ScanBatch batch = submitAndAwaitPublished(2);
        var rejected = batch.getScans(1);
        ScanBatch letter = ScanBatch.newBuilder().setBatchId(batch.getBatchId()).addScans(rejected).build();
        new TestWorker(bootstrapServers).publishDeadLetter(batch.getBatchId(), letter.toByteArray(), Map.of(
                Headers.ERROR_CODE, "UNDECODABLE_IMAGE",
                Headers.ERROR_REASON, "the bytes are not a readable PNG image",
                Headers.ERROR_SCAN_ID, rejected.getScanId()));

        await().atMost(TIMEOUT).untilAsserted(() -> Api.asReader().get("/api/v1/scans/" + rejected.getScanId())
                .then().body("status", equalTo("FAILED")).body("errorCode", equalTo("UNDECODABLE_IMAGE"))
                .body("errorReason", equalTo("the bytes are not a readable PNG image")));
        Api.asReader().get("/api/v1/scans/" + batch.getScans(0).getScanId()).then().body("status", equalTo("PENDING"));
    }

    @Test
    void aMalformedDeadLetterFailsEveryPendingScanOfItsBatch() {
        ScanBatch batch = submitAndAwaitPublished(2);
        new TestWorker(bootstrapServers).publishDeadLetter(batch.getBatchId(), new byte[]{1, 2, 3}, Map.of(
                Headers.ERROR_CODE, "MALFORMED_MESSAGE",
                Headers.ERROR_REASON, "not a ScanBatch"));

        var finished = Api.awaitBatchComplete(batch.getBatchId());
        assertThat(finished.getInt("failed")).isEqualTo(2);
    }

    @Test
    void anAbortedPredictionIsNeverStored() {
        ScanBatch batch = submitAndAwaitPublished(1);
        TestWorker worker = new TestWorker(bootstrapServers);
        worker.publishAborted(TestWorker.predict(batch, "CNV", 0.99));
        worker.publish(TestWorker.predict(batch, "NORMAL", 0.93));

        Api.awaitBatchComplete(batch.getBatchId());
        Api.asReader().get("/api/v1/scans/" + batch.getScans(0).getScanId()).then()
                .body("prediction.label", equalTo("NORMAL"));
    }

    private ScanBatch submitAndAwaitPublished(int scans) {
        Api.Submission submission = Api.submitPngs(scans);
        return new TestWorker(bootstrapServers).awaitScanBatch(submission.batchId(), TIMEOUT);
    }

    private double duplicates() {
        var counter = metrics.find("octflow.gateway.predictions.duplicates").counter();
        return counter == null ? 0 : counter.count();
    }
}
