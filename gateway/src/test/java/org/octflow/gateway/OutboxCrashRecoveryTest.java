package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.Rows;
import org.octflow.gateway.support.TestWorker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway killed after Kafka acknowledged a row but before it marked the row sent. Its restart (same instance id)
 * claims the row again and must find it on the topic instead of publishing it a second time.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class OutboxCrashRecoveryTest {
    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRowADeadRunPublishedButNeverMarkedIsMarkedSentNotSentAgain() throws Exception {
        ScanBatch batch = batch();
        new TestWorker(bootstrapServers).publishScanBatch(batch); // the dead run's send, acknowledged
        insertRowClaimedByADeadRun(batch);

        awaitMarkedSent(batch.getBatchId());
        assertThat(new TestWorker(bootstrapServers).countScanBatches(Set.of(batch.getBatchId()), Duration.ofSeconds(30)))
                .containsEntry(batch.getBatchId(), 1);
    }

    @Test
    void aRowADeadRunClaimedButNeverSentIsSentOnce() throws Exception {
        ScanBatch batch = batch();
        insertRowClaimedByADeadRun(batch);

        awaitMarkedSent(batch.getBatchId());
        assertThat(new TestWorker(bootstrapServers).countScanBatches(Set.of(batch.getBatchId()), Duration.ofSeconds(30)))
                .containsEntry(batch.getBatchId(), 1);
    }

    private static ScanBatch batch() {
        return ScanBatch.newBuilder().setBatchId(UUID.randomUUID().toString())
                .addScans(Scan.newBuilder().setScanId(UUID.randomUUID().toString())).build();
    }

    private void insertRowClaimedByADeadRun(ScanBatch batch) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO outbox (topic, record_key, message_type, payload,"
                     + " created_at, claimed_by, claimed_until, attempts) VALUES (?, ?, ?, ?, now(), ?,"
                     + " now() + interval '10 minutes', 1)")) {
            s.setString(1, Topics.SCANS);
            s.setString(2, batch.getBatchId());
            s.setString(3, Headers.SCAN_BATCH_TYPE);
            s.setBytes(4, batch.toByteArray());
            s.setString(5, "gateway-test/" + UUID.randomUUID()); // this instance, an earlier run
            s.executeUpdate();
        }
    }

    private void awaitMarkedSent(String batchId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Rows.count(dataSource,
                "SELECT count(*) FROM outbox WHERE record_key = ? AND sent_at IS NOT NULL", batchId) == 1);
    }
}
