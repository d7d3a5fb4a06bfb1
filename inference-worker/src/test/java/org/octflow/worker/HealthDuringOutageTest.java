package org.octflow.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.testkit.TestModels;
import org.octflow.worker.support.KafkaFixture;
import org.octflow.worker.support.TestScans;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker freezes mid-stream (SIGSTOP: connections stay open and nothing answers, like a blackhole). Readiness
 * turns 503 within seconds and says since when; liveness stays 200 throughout, even with a stuck-after shorter than
 * one Kafka call timeout, since an outage is never the worker's own failure; once the broker goes on, the worker is
 * ready and commits again. (Before the reachability probe, readiness lagged 30-60 s behind and liveness failed.)
 */
class HealthDuringOutageTest {
    private static final Duration FROZEN = Duration.ofSeconds(40);
    /** The probe asks every 2 s and waits 4 s; generous for a loaded machine, short of the loop's 10 s timeouts. */
    private static final Duration NOT_READY_WITHIN = Duration.ofSeconds(12);
    private static final Duration BACK_WITHIN = Duration.ofSeconds(45);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void readinessFollowsKafkaWithinSecondsAndLivenessSurvivesTheOutage() throws Exception {
        try (KafkaFixture kafka = KafkaFixture.start(dir.resolve("kafka"));
             Worker worker = Worker.start(kafka.workerConfig("health", TestModels.defaultModel(),
                     "--stuck-after-ms", "8000"))) {
            int port = worker.httpPort();
            awaitStatus(port, "/health/ready", 200, Duration.ofSeconds(60));
            kafka.sendAcknowledged(IntStream.range(0, 1500)
                    .mapToObj(r -> TestScans.rawBatch("health-" + r, 4)).toList());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (worker.metrics().transactionsCommitted.count() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(worker.metrics().transactionsCommitted.count()).as("committing before the outage").isGreaterThan(0);

            long predictedAtFreeze = (long) worker.metrics().predictions.count();
            kafka.freezeBroker();
            long frozen = System.nanoTime();
            List<String> timeline = new ArrayList<>();
            Long notReadyAfter = null;
            try {
                while (System.nanoTime() - frozen < FROZEN.toNanos()) {
                    long second = Duration.ofNanos(System.nanoTime() - frozen).toSeconds();
                    var live = get(port, "/health/live");
                    var ready = get(port, "/health/ready");
                    timeline.add(second + " s: live " + live.statusCode() + ", ready " + ready.statusCode() + " "
                            + ready.body().strip());
                    assertThat(live.statusCode()).as("alive %d s into the outage: %s%ntimeline:%n%s", second,
                            live.body(), String.join("\n", timeline)).isEqualTo(200);
                    if (ready.statusCode() == 503 && notReadyAfter == null) {
                        notReadyAfter = second;
                        assertThat(ready.body()).contains("cannot reach Kafka since");
                    }
                    Thread.sleep(1000);
                }
            } finally {
                kafka.thawBroker();
            }
            assertThat(notReadyAfter).as("not ready within %d s of the outage; timeline:%n%s",
                    NOT_READY_WITHIN.toSeconds(), String.join("\n", timeline)).isNotNull()
                    .isLessThanOrEqualTo(NOT_READY_WITHIN.toSeconds());

            long thawed = System.nanoTime();
            double committedAtThaw = worker.metrics().transactionsCommitted.count();
            long readyAfter = awaitStatus(port, "/health/ready", 200, BACK_WITHIN);
            Long committingAfter = null;
            while (System.nanoTime() - thawed < BACK_WITHIN.toNanos()) {
                assertThat(get(port, "/health/live").statusCode()).as("alive after the outage").isEqualTo(200);
                if (worker.metrics().transactionsCommitted.count() > committedAtThaw) {
                    committingAfter = Duration.ofNanos(System.nanoTime() - thawed).toSeconds();
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(committingAfter).as("committing again within %d s of the broker's return",
                    BACK_WITHIN.toSeconds()).isNotNull();
            System.out.printf("broker frozen %d s (after %d of 6000 predictions): not ready after %d s; after the thaw"
                            + " ready after %d s, committing after %d s; timeline:%n%s%n", FROZEN.toSeconds(),
                    predictedAtFreeze, notReadyAfter, readyAfter, committingAfter,
                    String.join("\n", timeline));
        }
    }

    /** Seconds until the path answered {@code status}; fails after {@code within}. */
    private static long awaitStatus(int port, String path, int status, Duration within) throws Exception {
        long started = System.nanoTime();
        String last = "";
        while (System.nanoTime() - started < within.toNanos()) {
            var response = get(port, path);
            if (response.statusCode() == status) {
                return Duration.ofNanos(System.nanoTime() - started).toSeconds();
            }
            last = response.statusCode() + " " + response.body();
            Thread.sleep(250);
        }
        throw new AssertionError(path + " did not answer " + status + " within " + within.toSeconds() + " s; last: "
                + last);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
