package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.outbox.OutboxPublisher;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.KafkaOutage;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.Rows;
import org.octflow.gateway.support.TestImages;
import org.octflow.gateway.support.TestWorker;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * The outbox is what makes a submission survive a crash or an outage: scans accepted while nothing can publish are in
 * the database only, and go out when a publisher starts again (here the same bean, stopped and started as at a
 * restart) or when the broker is back.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class OutboxRestartTest {
    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    OutboxPublisher publisher;
    /** Injected by OctflowStack. */
    KafkaOutage kafkaOutage;

    @Test
    void scansAcceptedWhileThePublisherIsDownArePublishedWhenItStartsAgain() {
        publisher.stop();
        Api.Submission submission;
        try {
            submission = Api.submitPngs(2);
            TestWorker worker = new TestWorker(bootstrapServers);

            assertThat(worker.findScanBatch(submission.batchId(), Duration.ofSeconds(2)))
                    .as("nothing reaches Kafka while the publisher is down").isEmpty();
            assertThat(unsentRowsOf(submission.batchId())).isOne();
            assertThat(Rows.count(dataSource, "SELECT count(*) FROM scan WHERE batch_id = ? AND status = 'PENDING'",
                    submission.batchId())).isEqualTo(2);
        } finally {
            publisher.start();
        }

        var published = new TestWorker(bootstrapServers).awaitScanBatch(submission.batchId(), Duration.ofSeconds(20));
        assertThat(published.getScansList()).extracting(scan -> scan.getScanId())
                .containsExactlyElementsOf(submission.scanIds());
        await().atMost(Duration.ofSeconds(10)).until(() -> unsentRowsOf(submission.batchId()) == 0);
    }

    @Test
    void scansAcceptedWhileKafkaIsUnreachableArePublishedWhenItIsBack() {
        Api.Submission[] submission = new Api.Submission[1];
        kafkaOutage.during(() -> {
            submission[0] = Api.submitPngs(1);
            given().get("/q/health/ready").then().statusCode(200); // still accepting into the outbox
            given().get("/q/health/group/kafka").then().statusCode(503);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> unsentRowsOf(submission[0].batchId()) == 1);
        });

        var published = new TestWorker(bootstrapServers).awaitScanBatch(submission[0].batchId(), Duration.ofSeconds(60));
        assertThat(published.getScans(0).getScanId()).isEqualTo(submission[0].scanIds().get(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> unsentRowsOf(submission[0].batchId()) == 0);
        given().get("/q/health/group/kafka").then().statusCode(200);
    }

    @Test
    void eachBatchAcceptedAroundABrokerOutageReachesKafkaExactlyOnce() throws Exception {
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicBoolean submitting = new AtomicBoolean(true);
        Thread client = new Thread(() -> {
            while (submitting.get()) {
                var response = Api.asSubmitter().multiPart("scan", "a.png", TestImages.png(64, 48), "image/png")
                        .post("/api/v1/scans");
                if (response.statusCode() == 202) {
                    accepted.add(response.jsonPath().getString("batchId"));
                }
            }
        });
        client.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 30);
        kafkaOutage.during(() -> sleepQuietly(Duration.ofSeconds(30)));
        int afterOutage = accepted.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= afterOutage + 30);
        submitting.set(false);
        client.join();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> Rows.count(dataSource,
                "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0);
        Map<String, Integer> published = new TestWorker(bootstrapServers).countScanBatches(accepted,
                Duration.ofSeconds(60));
        assertThat(published.keySet()).as("every accepted batch published").containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(published.values()).as("each exactly once").containsOnly(1);
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long unsentRowsOf(String batchId) {
        return Rows.count(dataSource, "SELECT count(*) FROM outbox WHERE record_key = ? AND sent_at IS NULL", batchId);
    }
}
