package org.octflow.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanPrediction;
import org.octflow.worker.support.KafkaFixture;
import org.octflow.testkit.TestModels;
import org.octflow.worker.support.TestScans;
import org.octflow.worker.support.WorkerProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Workers as separate processes: one dies by SIGKILL mid-stream, another takes over, and one stops by SIGTERM. */
class ExactlyOnceTest {
    private static final int RECORDS = 600;
    private static final int SCANS_PER_RECORD = 4;

    @TempDir
    Path dir;

    @Test
    void deliversEachScanExactlyOnceWhenAWorkerDiesAndStopsGracefullyOnSigterm() throws Exception {
        Path model = TestModels.defaultModel();
        try (KafkaFixture kafka = KafkaFixture.start(dir.resolve("kafka"));
             WorkerProcess first = WorkerProcess.start(dir.resolve("w1.log"), args(kafka, model, "w1"))) {
            for (int r = 0; r < 10; r++) {
                kafka.send(TestScans.rawBatch("eo-" + r, SCANS_PER_RECORD));
            }
            kafka.flush();
            awaitCommitted(kafka, 10, first);
            Thread load = new Thread(() -> {
                for (int r = 10; r < RECORDS; r++) {
                    kafka.send(TestScans.rawBatch("eo-" + r, SCANS_PER_RECORD));
                    if (r % 20 == 0) {
                        kafka.flush();
                        sleep(200);
                    }
                }
                kafka.flush();
            });
            load.start();
            // Kill mid-stream: some of the stream committed, more in flight, more still to come.
            awaitCommitted(kafka, 150, first);
            first.kill();
            load.join();

            try (WorkerProcess second = WorkerProcess.start(dir.resolve("w2.log"), args(kafka, model, "w2"))) {
                assertExactlyOnceThenSigterm(kafka, second);
            }
        }
    }

    private static void assertExactlyOnceThenSigterm(KafkaFixture kafka, WorkerProcess second) throws Exception {
        List<PredictionBatch> out = kafka.committedPredictions(p -> p.getBatchId().startsWith("eo-"), RECORDS,
                Duration.ofSeconds(120));

        Map<String, Long> perScan = out.stream().flatMap(p -> p.getPredictionsList().stream())
                .collect(Collectors.groupingBy(ScanPrediction::getScanId, Collectors.counting()));
        assertThat(out).as("second worker log:\n%s", second.log()).hasSize(RECORDS);
        assertThat(out).extracting(PredictionBatch::getBatchId).doesNotHaveDuplicates();
        assertThat(perScan).hasSize(RECORDS * SCANS_PER_RECORD);
        assertThat(perScan.values()).containsOnly(1L);
        assertThat(out).extracting(PredictionBatch::getWorkerId).contains("w1", "w2");
        assertThat(out).allSatisfy(p -> assertThat(p.getPredictionsList()).allMatch(ScanPrediction::hasPrediction));

        long start = System.nanoTime();
        assertThat(second.terminate(30)).as("SIGTERM must stop the worker within 30 s").isTrue();
        System.out.printf("SIGTERM to exit: %d ms%n", Duration.ofNanos(System.nanoTime() - start).toMillis());
        assertThat(second.log()).contains("worker w2 stopped");
    }

    private static void awaitCommitted(KafkaFixture kafka, int atLeast, WorkerProcess worker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (kafka.committedPredictions(p -> p.getBatchId().startsWith("eo-"), atLeast, Duration.ofSeconds(5))
                .size() < atLeast) {
            assertThat(worker.isAlive()).as("the worker died on its own:%n%s", worker.log()).isTrue();
            assertThat(System.nanoTime()).as("no %d predictions within 90 s:%n%s", atLeast, worker.log())
                    .isLessThan(deadline);
        }
    }

    private static String[] args(KafkaFixture kafka, Path model, String workerId) {
        return new String[]{"--bootstrap-servers", kafka.bootstrapServers(), "--model-dir", model.toString(),
                "--worker-id", workerId, "--group-id", "eo", "--http-port", "0", "--intra-op-threads", "1",
                "--session-timeout-ms", "6000", "--transaction-timeout-ms", "6000", "--max-delay-ms", "5"};
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
