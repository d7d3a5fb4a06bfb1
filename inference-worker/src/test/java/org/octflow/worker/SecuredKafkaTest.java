package org.octflow.worker;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.contracts.Topics;
import org.octflow.contracts.kafka.KafkaAccess;
import org.octflow.contracts.kafka.KafkaClientConfig;
import org.octflow.contracts.records.PredictionRecords;
import org.octflow.contracts.records.ScanBatchRecords;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanPrediction;
import org.octflow.testkit.FreePorts;
import org.octflow.testkit.KafkaBrokerExtension;
import org.octflow.testkit.LocalTls;
import org.octflow.testkit.TestModels;
import org.octflow.testkit.TopicReader;
import org.octflow.worker.support.TestScans;
import org.octflow.worker.support.WorkerProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker on a SASL_SSL broker with ACLs, configured as users configure it (OCTFLOW_KAFKA_* variables): it predicts
 * every scan once as its own principal, and a setting no retry can fix stops it with one line and exit code 1.
 */
class SecuredKafkaTest {
    private static final int RECORDS = 30;

    @RegisterExtension
    static final KafkaBrokerExtension kafka = KafkaBrokerExtension.secured();

    /** The workers' logs. */
    @TempDir
    Path dir;

    @Test
    void predictsEachScanExactlyOnceAsTheWorkerPrincipalAndNeverShowsItsSecrets() throws Exception {
        int httpPort = FreePorts.next();
        try (KafkaProducer<byte[], byte[]> imaging = new KafkaProducer<>(
                kafka.broker().clientConfig(KafkaAccess.IMAGING).clientProperties(), new ByteArraySerializer(),
                new ByteArraySerializer());
             WorkerProcess worker = WorkerProcess.start(dir.resolve("worker.log"),
                     kafka.broker().clientConfig(KafkaAccess.WORKER).environment(), args("w1", "--http-port",
                             Integer.toString(httpPort)))) {
            for (int r = 0; r < RECORDS; r++) {
                imaging.send(ScanBatchRecords.record(TestScans.rawBatch("secure-" + r, 2))).get(30, TimeUnit.SECONDS);
            }
            List<PredictionBatch> out = committedPredictions(RECORDS, Duration.ofSeconds(120));

            assertThat(out).as("worker log:%n%s", worker.log()).hasSize(RECORDS);
            Map<String, Long> perScan = out.stream().flatMap(p -> p.getPredictionsList().stream())
                    .collect(Collectors.groupingBy(ScanPrediction::getScanId, Collectors.counting()));
            assertThat(perScan).hasSize(RECORDS * 2);
            assertThat(perScan.values()).containsOnly(1L);
            var ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as("ready: the reachability probe answers with the worker's principal: %s",
                    ready.body()).isEqualTo(200);
            for (String path : List.of("/metrics", "/health/live", "/health/ready")) {
                String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(kafka.broker().security().secrets()).allSatisfy(secret -> assertThat(body).as(path)
                        .doesNotContain(secret));
            }
            assertThat(worker.terminate(30)).isTrue();
            assertThat(worker.log()).contains("security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]");
            assertThat(kafka.broker().security().secrets())
                    .allSatisfy(secret -> assertThat(worker.log()).doesNotContain(secret));
        }
    }

    @Test
    void aWrongPasswordStopsTheWorkerWithOneLine() throws Exception {
        KafkaClientConfig wrong = kafka.broker().security().scramClient(kafka.bootstrapServers(),
                KafkaAccess.WORKER.user(), "wrong-password");
        try (WorkerProcess worker = WorkerProcess.start(dir.resolve("wrong-password.log"), wrong.environment(),
                args("w2"))) {
            assertStopsWith(worker, "Kafka refused the worker's credentials");
            assertThat(worker.log()).doesNotContain("wrong-password");
        }
    }

    @Test
    void aBrokerCertificateFromAnAuthorityItDoesNotTrustStopsTheWorkerWithOneLine() throws Exception {
        LocalTls other = LocalTls.create(dir.resolve("other-ca"), "somebody-else");
        Map<String, String> env = new HashMap<>(kafka.broker().clientConfig(KafkaAccess.WORKER).environment());
        other.trustSettings().forEach((name, value) -> env.put(KafkaClientConfig.environmentName(name), value));
        try (WorkerProcess worker = WorkerProcess.start(dir.resolve("untrusted.log"), env, args("w5"))) {
            assertStopsWith(worker, "Kafka refused the worker's credentials");
            assertThat(worker.log()).contains("SSL handshake failed");
        }
    }

    @Test
    void aGroupOutsideItsAclsStopsTheWorkerWithOneLine() throws Exception {
        try (WorkerProcess worker = WorkerProcess.start(dir.resolve("other-group.log"),
                kafka.broker().clientConfig(KafkaAccess.WORKER).environment(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--model-dir", TestModels.defaultModel().toString(),
                "--group-id", "not-granted", "--worker-id", "w3", "--http-port", "0", "--intra-op-threads", "1")) {
            assertStopsWith(worker, "Kafka refused an operation");
        }
    }

    @Test
    void aPlaintextClientOnTheTlsListenerGivesUpAfterTheStartTimeout() throws Exception {
        try (WorkerProcess worker = WorkerProcess.start(dir.resolve("plaintext.log"), Map.of(),
                args("w4", "--start-timeout-ms", "8000"))) {
            assertStopsWith(worker, "Kafka did not answer in 8 s since start");
            assertThat(worker.log()).contains("security.protocol");
        }
    }

    private static void assertStopsWith(WorkerProcess worker, String reason) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (worker.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(worker.isAlive()).as("still running after 90 s:%n%s", worker.log()).isFalse();
        assertThat(worker.exitValue()).as(worker.log()).isEqualTo(1);
        List<String> reasonLines = worker.log().lines().filter(line -> line.contains(reason)).toList();
        assertThat(reasonLines).as(worker.log()).hasSize(1);
        assertThat(worker.log()).as("no stack trace: one line says what to fix").doesNotContain("\tat ");
    }

    private static String[] args(String workerId, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--model-dir",
                TestModels.defaultModel().toString(), "--group-id", KafkaAccess.WORKER_GROUP, "--worker-id", workerId,
                "--intra-op-threads", "1", "--session-timeout-ms", "6000", "--transaction-timeout-ms", "10000"));
        args.addAll(List.of(more));
        if (!args.contains("--http-port")) {
            args.addAll(List.of("--http-port", "0"));
        }
        return args.toArray(String[]::new);
    }

    private static List<PredictionBatch> committedPredictions(int expected, Duration timeout) throws Exception {
        List<PredictionBatch> found = new ArrayList<>();
        try (TopicReader reader = TopicReader.fromBeginning(kafka.broker().clientConfig(), Topics.PREDICTIONS)) {
            for (var record : reader.collect(r -> PredictionRecords.read(r.value())
                    .filter(p -> p.getBatchId().startsWith("secure-")).isPresent(), expected, timeout,
                    Duration.ofMillis(700))) {
                found.add(PredictionBatch.parseFrom(record.value()));
            }
        }
        return found;
    }
}
