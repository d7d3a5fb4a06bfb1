package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
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
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The page's counts (GET /api/v1/stats/labels) count scans from both ways in: uploaded to the gateway, and sent
 * straight to Kafka by an imaging system (no scan row: only a prediction or a dead letter tells of them).
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class ScanCountsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void scansFromTheGatewayAndStraightFromKafkaAreCountedAlike() {
        TestWorker worker = new TestWorker(bootstrapServers);
        Map<String, Long> before = statuses();
        long predictionsBefore = Rows.count(dataSource, "SELECT count(*) FROM prediction");

        // Through the gateway: one scan answered DONE, one failed.
        ScanBatch uploaded = worker.awaitScanBatch(Api.submitPngs(1).batchId(), TIMEOUT);
        worker.publish(TestWorker.decided(TestWorker.predict(uploaded, "NORMAL", 0.95), Decision.AUTO_ACCEPT));
        ScanBatch uploadedBad = worker.awaitScanBatch(Api.submitPngs(1).batchId(), TIMEOUT);
        worker.publishFailure(uploadedBad, ErrorCode.UNDECODABLE_IMAGE, "not a PNG");
        // Straight from an imaging system: two scans sent to review, one failed.
        ScanBatch direct = deviceBatch(2);
        worker.publish(TestWorker.decided(TestWorker.predict(direct, "DME", 0.5), Decision.REVIEW));
        ScanBatch directBad = deviceBatch(1);
        worker.publishFailure(directBad, ErrorCode.UNDECODABLE_IMAGE, "not a JPEG");
        Api.awaitBatchComplete(uploaded.getBatchId());
        Api.awaitBatchComplete(uploadedBad.getBatchId());
        await().atMost(TIMEOUT).until(() -> Rows.count(dataSource, "SELECT count(*) FROM prediction")
                >= predictionsBefore + 3 && Rows.count(dataSource, "SELECT count(*) FROM scan_failure WHERE scan_id"
                + " = ?", directBad.getScans(0).getScanId()) == 1);

        Map<String, Long> after = statuses();
        assertThat(after.get("DONE") - before.get("DONE")).isEqualTo(1);
        assertThat(after.get("REVIEW") - before.get("REVIEW")).isEqualTo(2);
        assertThat(after.get("FAILED") - before.get("FAILED")).isEqualTo(2);
        assertThat(after.get("REVIEW")).isEqualTo(
                Rows.count(dataSource, "SELECT count(*) FROM prediction WHERE status = 'REVIEW'"));
    }

    @Test
    void aRecordThatWasNoScanBatchIsCountedApart() {
        long before = Api.asReader().get("/api/v1/stats/labels").then().statusCode(200).extract()
                .jsonPath().getLong("unreadableRecords");
        new TestWorker(bootstrapServers).publishDeadLetter("junk-" + UUID.randomUUID(), new byte[]{1, 2, 3},
                Map.of(Headers.ERROR_CODE, ErrorCode.MALFORMED_MESSAGE.name(),
                        Headers.ERROR_REASON, "not a ScanBatch"));

        await().atMost(TIMEOUT).until(() -> Api.asReader().get("/api/v1/stats/labels").then().statusCode(200)
                .extract().jsonPath().getLong("unreadableRecords") == before + 1);
    }

    private static ScanBatch deviceBatch(int scans) {
        ScanBatch.Builder batch = ScanBatch.newBuilder().setBatchId("device-" + UUID.randomUUID()).setSource("device-1");
        for (int i = 0; i < scans; i++) {
            batch.addScans(org.octflow.contracts.v1.Scan.newBuilder().setScanId(UUID.randomUUID().toString()));
        }
        return batch.build();
    }

    private static Map<String, Long> statuses() {
        JsonPath counts = Api.asReader().get("/api/v1/stats/labels").then().statusCode(200).extract().jsonPath();
        return Map.of("DONE", counts.getLong("scansByStatus.DONE"), "REVIEW", counts.getLong("scansByStatus.REVIEW"),
                "FAILED", counts.getLong("scansByStatus.FAILED"));
    }
}
