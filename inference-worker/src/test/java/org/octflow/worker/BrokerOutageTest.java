package org.octflow.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.contracts.v1.ScanPrediction;
import org.octflow.testkit.FreePorts;
import org.octflow.worker.support.KafkaFixture;
import org.octflow.testkit.TestModels;
import org.octflow.worker.support.TestScans;
import org.octflow.worker.support.WorkerProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker goes away for four minutes mid-stream (once, every Kafka call of the worker timed out in turn and the
 * worker exited). The worker rides it out: alive but not ready while Kafka is away, and every scan, sent before,
 * during (in flight) and after the outage, predicted exactly once. {@code -Doctflow.outage-seconds} shortens it.
 */
class BrokerOutageTest {
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("octflow.outage-seconds", 240));
    private static final int BEFORE = 2_000;
    private static final int AFTER = 100;
    private static final int SCANS_PER_RECORD = 4;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theWorkerRidesOutABrokerOutageAndPredictsEveryScanExactlyOnce() throws Exception {
        int httpPort = FreePorts.next();
        try (KafkaFixture kafka = KafkaFixture.start(dir.resolve("kafka"));
             WorkerProcess worker = WorkerProcess.start(dir.resolve("worker.log"), args(kafka, httpPort))) {
            kafka.sendAcknowledged(batches(0, BEFORE));
            awaitCommitted(kafka, 20, worker);

            kafka.stopBroker();
            long stopped = System.nanoTime();
            Thread.sleep(Math.min(OUTAGE.toMillis() / 2, 30_000));
            assertThat(status(httpPort, "/health/live")).as("alive during the outage").isEqualTo(200);
            assertThat(status(httpPort, "/health/ready")).as("not ready during the outage; worker log:%n%s",
                    worker.log()).isEqualTo(503);
            assertThat(body(httpPort, "/health/ready")).contains("cannot reach Kafka");
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - stopped).toMillis()));
            assertThat(worker.isAlive()).as("the worker survived the outage:%n%s", worker.log()).isTrue();
            kafka.startBroker();

            kafka.sendAcknowledged(batches(BEFORE, BEFORE + AFTER));
            var onTopic = kafka.scanRecords();
            assertThat(onTopic).as("every scan record is on the scans topic").hasSize(BEFORE + AFTER);
            List<PredictionBatch> out = kafka.committedPredictions(p -> p.getBatchId().startsWith("outage-"),
                    BEFORE + AFTER, Duration.ofSeconds(180));

            Map<String, Long> perScan = out.stream().flatMap(p -> p.getPredictionsList().stream())
                    .collect(Collectors.groupingBy(ScanPrediction::getScanId, Collectors.counting()));
            Map<String, Long> perBatch = out.stream()
                    .collect(Collectors.groupingBy(PredictionBatch::getBatchId, Collectors.counting()));
            List<String> missing = IntStream.range(0, BEFORE + AFTER).mapToObj(r -> "outage-" + r)
                    .filter(id -> !perBatch.containsKey(id)).toList();
            List<String> twice = perBatch.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                    .toList();
            assertThat(missing).as("batches without a prediction (%d dead letters on the topic; where they are: %s);"
                    + " readiness: %s; worker warnings:%n%s", kafka.allDeadLetters().size(),
                    whereAndCommitted(kafka, missing, onTopic), body(httpPort, "/health/ready"), warnings(worker))
                    .isEmpty();
            assertThat(twice).as("batches predicted more than once; worker warnings:%n%s", warnings(worker)).isEmpty();
            assertThat(perScan).hasSize((BEFORE + AFTER) * SCANS_PER_RECORD);
            assertThat(perScan.values()).containsOnly(1L);
            assertThat(worker.isAlive()).isTrue();
            assertThat(status(httpPort, "/health/ready")).isEqualTo(200);
            System.out.printf("outage of %d s: %d records, %d scans, each predicted once; worker recoveries:%n%s%n",
                    OUTAGE.toSeconds(), out.size(), perScan.size(), worker.log().lines()
                            .filter(line -> line.contains("Kafka does not answer") || line.contains("answers again")
                                    || line.contains("aborting"))
                            .collect(Collectors.joining("\n")));
        }
    }

    private static List<ScanBatch> batches(int from, int to) {
        return IntStream.range(from, to).mapToObj(r -> TestScans.rawBatch("outage-" + r, SCANS_PER_RECORD)).toList();
    }

    /** Tells a skipped record (the group committed past it) from one still waiting (committed at or before it). */
    private static String whereAndCommitted(KafkaFixture kafka, List<String> missing,
                                            Map<String, RecordOrigin> onTopic) throws Exception {
        StringBuilder where = new StringBuilder();
        for (String id : missing.subList(0, Math.min(10, missing.size()))) {
            var at = onTopic.get(id);
            where.append(String.format("%s at partition %d offset %d, group committed %d; ", id, at.partition(),
                    at.offset(), kafka.committedOffset("outage", at.partition())));
        }
        return where.toString();
    }

    private static String warnings(WorkerProcess worker) {
        // The worker's own lines; the clients' connection warnings repeat through the whole outage.
        return worker.log().lines().filter(line -> line.contains("WARN") || line.contains("ERROR")
                        || line.contains("partitions"))
                .filter(line -> !line.contains("NetworkClient")).limit(300).collect(Collectors.joining("\n"));
    }

    private static void awaitCommitted(KafkaFixture kafka, int atLeast, WorkerProcess worker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (kafka.committedPredictions(p -> p.getBatchId().startsWith("outage-"), atLeast, Duration.ofSeconds(5))
                .size() < atLeast) {
            assertThat(worker.isAlive()).as("the worker died:%n%s", worker.log()).isTrue();
            assertThat(System.nanoTime()).as("no %d predictions within 90 s:%n%s", atLeast, worker.log())
                    .isLessThan(deadline);
        }
    }

    private static int status(int port, String path) throws Exception {
        return get(port, path).statusCode();
    }

    private static String body(int port, String path) throws Exception {
        return get(port, path).body();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String[] args(KafkaFixture kafka, int httpPort) {
        return new String[]{"--bootstrap-servers", kafka.bootstrapServers(), "--model-dir",
                TestModels.defaultModel().toString(), "--worker-id", "outage-w1", "--group-id", "outage",
                "--http-port", Integer.toString(httpPort), "--http-host", "127.0.0.1", "--intra-op-threads", "1",
                "--session-timeout-ms", "10000", "--transaction-timeout-ms", "10000"};
    }
}
