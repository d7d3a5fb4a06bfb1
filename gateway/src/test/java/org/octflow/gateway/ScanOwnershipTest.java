package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.Headers;
import org.octflow.contracts.records.DeadLetters;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.LogCapture;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.Rows;
import org.octflow.gateway.support.TestWorker;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Security review, item 8: anyone allowed to write scans (an imaging system) can reuse a gateway batch or scan id,
 * but only the outcomes of the gateway's own record, named by its sha256, change the gateway's scans.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class ScanOwnershipTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] JUNK = {(byte) 0xff, 0x00, 0x13};

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry metrics;

    @Test
    void eachScanRecordsTheDigestOfTheRecordTheGatewaySent() throws Exception {
        Api.Submission submission = Api.submitPngs(2);
        byte[] sent = new TestWorker(bootstrapServers).recordValueOf(submission.batchId(), TIMEOUT);

        assertThat(Rows.count(dataSource, "SELECT count(*) FROM scan WHERE batch_id = ? AND source_sha256 = ?",
                submission.batchId(), DeadLetters.sha256(sent))).isEqualTo(2);
        assertThat(TestWorker.sourceSha256(ScanBatch.parseFrom(sent)))
                .as("the test worker's digest of the parsed batch is the record's").isEqualTo(DeadLetters.sha256(sent));
    }

    @Test
    void aJunkRecordKeyedWithAGatewayBatchIdDoesNotFailThatBatch() {
        TestWorker worker = new TestWorker(bootstrapServers);
        ScanBatch batch = submitAndAwaitPublished(2);
        double foreignBefore = foreign();

        try (LogCapture log = LogCapture.start()) {
            // An imaging system writes junk under the gateway's batch id; a worker dead-letters it as it should.
            worker.publishScanRecord(batch.getBatchId(), JUNK);
            worker.publishDeadLetter(batch.getBatchId(), JUNK, Map.of(
                    Headers.ERROR_CODE, ErrorCode.MALFORMED_MESSAGE.name(),
                    Headers.ERROR_REASON, "not a ScanBatch",
                    Headers.ORIGIN, "octflow.scans.v1/0/999999",
                    Headers.SOURCE_SHA256, DeadLetters.sha256(JUNK)));
            await().atMost(TIMEOUT).until(() -> Rows.count(dataSource,
                    "SELECT count(*) FROM scan_failure WHERE batch_id = ?", batch.getBatchId()) == 1);

            // The batch's own record is then answered: its scans take that answer, not the junk's failure.
            worker.publish(TestWorker.predict(batch, "DME", 0.9));
            var finished = Api.awaitBatchComplete(batch.getBatchId());
            assertThat(finished.getInt("failed")).isZero();
            assertThat(finished.getList("scans.status", String.class)).containsOnly("DONE");

            assertThat(foreign()).isEqualTo(foreignBefore + 1);
            assertThat(log.lines()).filteredOn(line -> line.contains("in another record"))
                    .singleElement().asString().contains(batch.getBatchId(), "octflow.scans.v1/0/999999");
        }
    }

    @Test
    void aScanBatchReusingAGatewayScanIdDoesNotChangeThatScansPrediction() {
        TestWorker worker = new TestWorker(bootstrapServers);
        ScanBatch batch = submitAndAwaitPublished(1);
        String scanId = batch.getScans(0).getScanId();
        double foreignBefore = foreign();

        // Another record under the gateway's scan id (a new batch id, so other bytes), answered first by a worker.
        ScanBatch imposter = batch.toBuilder().setBatchId("device-" + UUID.randomUUID()).build();
        worker.publishScanBatch(imposter);
        worker.publish(TestWorker.predict(imposter, "CNV", 0.99));
        await().atMost(TIMEOUT).until(() -> foreign() > foreignBefore || !status(scanId).equals("PENDING"));

        worker.publish(TestWorker.predict(batch, "DRUSEN", 0.9));
        Api.awaitBatchComplete(batch.getBatchId());
        Api.asReader().get("/api/v1/scans/" + scanId).then().statusCode(200)
                .body("status", equalTo("DONE"))
                .body("prediction.label", equalTo("DRUSEN"));
    }

    @Test
    void aDeadLetterOfTheBatchsOwnRecordStillFailsIt() {
        ScanBatch batch = submitAndAwaitPublished(2);
        new TestWorker(bootstrapServers).publishFailure(batch, ErrorCode.UNDECODABLE_IMAGE, "not a PNG");

        var finished = Api.awaitBatchComplete(batch.getBatchId());
        assertThat(finished.getInt("failed")).isEqualTo(2);
    }

    @Test
    void anOlderWorkersOutcomesNamingNoDigestStillApply() {
        TestWorker worker = new TestWorker(bootstrapServers);
        ScanBatch predicted = submitAndAwaitPublished(1);
        ScanBatch failed = submitAndAwaitPublished(2);

        worker.publish(TestWorker.asOlderWorker(TestWorker.predict(predicted, "NORMAL", 0.9)));
        worker.publishDeadLetter(failed.getBatchId(), JUNK, Map.of(
                Headers.ERROR_CODE, ErrorCode.MALFORMED_MESSAGE.name(),
                Headers.ERROR_REASON, "not a ScanBatch"));

        assertThat(Api.awaitBatchComplete(predicted.getBatchId()).getList("scans.status", String.class))
                .containsOnly("DONE");
        assertThat(Api.awaitBatchComplete(failed.getBatchId()).getInt("failed")).isEqualTo(2);
    }

    private ScanBatch submitAndAwaitPublished(int scans) {
        Api.Submission submission = Api.submitPngs(scans);
        return new TestWorker(bootstrapServers).awaitScanBatch(submission.batchId(), TIMEOUT);
    }

    private String status(String scanId) {
        return Api.asReader().get("/api/v1/scans/" + scanId).then().statusCode(200).extract().path("status");
    }

    private double foreign() {
        var counter = metrics.find("octflow.gateway.outcomes.foreign").counter();
        return counter == null ? 0 : counter.count();
    }
}
