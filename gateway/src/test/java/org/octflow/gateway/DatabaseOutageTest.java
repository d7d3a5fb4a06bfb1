package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.DatabaseOutage;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.Rows;
import org.octflow.gateway.support.TestImages;
import org.octflow.gateway.support.TestWorker;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * PostgreSQL crashes and stops while predictions stream in and clients submit: nothing acknowledged is lost, every
 * prediction is stored once, each accepted batch goes to Kafka once, and clients are told to retry, not shown a 500.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class DatabaseOutageTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;
    @TestHTTPResource("/")
    URL health;
    /** Injected by OctflowStack. */
    DatabaseOutage databaseOutage;

    @Test
    void everyPredictionStreamedThroughAPostgresCrashIsStoredExactlyOnce() throws Exception {
        String run = "crash-" + UUID.randomUUID();
        int batches = 2_000;
        List<PredictionBatch> stream = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            ScanBatch scans = ScanBatch.newBuilder().setBatchId(run + "-" + i)
                    .addScans(Scan.newBuilder().setScanId(run + "-scan-" + i)).build();
            stream.add(TestWorker.predict(scans, "CNV", 0.9));
        }
        TestWorker worker = new TestWorker(bootstrapServers);
        Thread publisher = new Thread(() -> worker.publishEach(stream));
        publisher.start();
        await().atMost(TIMEOUT).until(() -> stored(run) > 200);

        databaseOutage.crashAndRestart();
        publisher.join();

        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> stored(run) == batches);
        assertThat(Rows.count(dataSource, "SELECT count(DISTINCT scan_id) FROM prediction WHERE batch_id LIKE ?",
                run + "-%")).isEqualTo(batches);
    }

    @Test
    void whileTheDatabaseIsDownSubmissionsAndQueriesAnswer503WithRetryAfter() {
        databaseOutage.during(() -> {
            Api.asSubmitter().multiPart("scan", "a.png", TestImages.png(32, 32), "image/png").post("/api/v1/scans")
                    .then().statusCode(503).header("Retry-After", "5").contentType("application/json")
                    .body("status", equalTo(503)).body("message", containsString("database is unavailable"));
            Api.asReader().get("/api/v1/batches/" + UUID.randomUUID()).then().statusCode(503)
                    .header("Retry-After", "5").body("message", containsString("database is unavailable"));
            Api.asReader().get("/api/v1/predictions").then().statusCode(503);
        });
        await().atMost(TIMEOUT).untilAsserted(() -> Api.asReader().get("/api/v1/predictions").then().statusCode(200));
    }

    @Test
    void whileTheDatabaseIsDownReadinessAnswers503PromptlyAndLivenessStays200() {
        HttpClient client = HttpClient.newHttpClient();
        List<Long> readyMillis = new ArrayList<>();
        databaseOutage.during(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
            while (System.nanoTime() < until) {
                long start = System.nanoTime();
                HttpResponse<String> ready = get(client, "/q/health/ready");
                readyMillis.add((System.nanoTime() - start) / 1_000_000);
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("\"database\"").contains("reason");
                assertThat(get(client, "/q/health/live").statusCode()).isEqualTo(200);
            }
        });
        assertThat(readyMillis).as("readiness answers, ms").isNotEmpty().allSatisfy(ms -> assertThat(ms).isLessThan(2000));
        await().atMost(TIMEOUT).until(() -> get(client, "/q/health/ready").statusCode() == 200);
    }

    private HttpResponse<String> get(HttpClient client, String path) {
        try {
            return client.send(HttpRequest.newBuilder(health.toURI().resolve(path)).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(path + " did not answer within 2 s: " + e, e);
        }
    }

    @Test
    void eachAcceptedBatchReachesKafkaOnceAcrossADatabaseOutage() throws Exception {
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
        await().atMost(TIMEOUT).until(() -> accepted.size() >= 30);
        databaseOutage.during(() -> sleep(Duration.ofSeconds(20)));
        await().atMost(TIMEOUT).until(() -> accepted.size() >= 60);
        submitting.set(false);
        client.join();

        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> Rows.count(dataSource, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0);
        Map<String, Integer> published = new TestWorker(bootstrapServers).countScanBatches(accepted, TIMEOUT);
        assertThat(published.keySet()).as("every accepted batch published").containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(published.values()).as("each exactly once").containsOnly(1);
    }

    private long stored(String run) {
        try {
            return Rows.count(dataSource, "SELECT count(*) FROM prediction WHERE batch_id LIKE ?", run + "-%");
        } catch (RuntimeException e) {
            return -1; // the database is away
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
