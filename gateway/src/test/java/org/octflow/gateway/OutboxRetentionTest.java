package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.outbox.OutboxRows;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.Rows;
import org.octflow.gateway.support.TestImages;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Images and metadata are patient data: the outbox holds them only until Kafka has them, and a row that never got
 * there is deleted after its retention (its scans FAILED), by a purge that runs on its own schedule.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class OutboxRetentionTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aPublishedSubmissionLeavesNoImageOrMetadataInTheDatabase() {
        String patient = "Jane Roe " + UUID.randomUUID();
        String image = Base64.getEncoder().encodeToString(TestImages.png(64, 48));
        String batchId = Api.asSubmitter().contentType("application/json")
                .body("{\"scans\":[{\"image\":\"" + image + "\",\"metadata\":{\"patientName\":\"" + patient + "\"}}]}")
                .post("/api/v1/scans").then().statusCode(202).extract().path("batchId");

        await().atMost(Duration.ofSeconds(30)).until(() -> Rows.count(dataSource,
                "SELECT count(*) FROM outbox WHERE record_key = ? AND sent_at IS NULL", batchId) == 0);
        assertThat(Rows.count(dataSource, "SELECT count(*) FROM outbox WHERE position(convert_to(?, 'UTF8') IN payload)"
                + " > 0", patient)).as("outbox rows holding the patient's name").isZero();
        assertThat(Rows.count(dataSource, "SELECT count(*) FROM outbox WHERE record_key = ? AND length(payload) > 0",
                batchId)).as("sent rows with a payload").isZero();
    }

    @Test
    void aRowNeverPublishedIsDeletedAfterItsRetentionAndItsScansFail() throws SQLException {
        String unsent = "never-sent-" + UUID.randomUUID();
        String oldSent = "sent-long-ago-" + UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            execute(c, "INSERT INTO scan (id, batch_id, position, encoding, size_bytes, width, height, status,"
                    + " submitted_at) VALUES (?, ?, 0, 'PNG', 10, 8, 8, 'PENDING', now() - interval '8 days')",
                    unsent + "-0", unsent);
            // Held by another gateway's live lease, so this one's publisher leaves it alone: only the purge acts.
            execute(c, "INSERT INTO outbox (topic, record_key, message_type, payload, created_at, claimed_by,"
                    + " claimed_until, attempts) VALUES ('octflow.scans.v1', ?, 'ScanBatch', ?, now() - interval"
                    + " '8 days', 'another-gateway/run', now() + interval '1 hour', 1)", unsent,
                    "patient data".getBytes(StandardCharsets.UTF_8));
            execute(c, "INSERT INTO outbox (topic, record_key, message_type, payload, created_at, sent_at, attempts)"
                    + " VALUES ('octflow.scans.v1', ?, 'ScanBatch', ?, now() - interval '3 hours', now() - interval"
                    + " '2 hours', 1)", oldSent, new byte[0]);
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> Rows.count(dataSource,
                "SELECT count(*) FROM outbox WHERE record_key IN (?, ?)", unsent, oldSent) == 0);
        Api.asReader().get("/api/v1/scans/" + unsent + "-0").then().statusCode(200)
                .body("status", equalTo("FAILED")).body("errorCode", equalTo(OutboxRows.NOT_PUBLISHED));
    }

    private static void execute(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        }
    }
}
