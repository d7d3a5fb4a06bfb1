package org.octflow.gateway.support;

import org.octflow.testkit.TestModels;
import org.octflow.worker.Worker;
import org.octflow.worker.config.WorkerConfig;

import java.time.Duration;
import java.util.Map;

/**
 * The real inference worker (ONNX Runtime, the committed default model) run in the test JVM against the suite's
 * broker, for tests whose answers must be the model's own. Its group reads the scans topic from the start, so it
 * also answers batches earlier tests left unanswered; it is closed when the test class is done.
 */
public final class InferenceWorkers {
    private InferenceWorkers() {
    }

    public static Worker startReady(String bootstrapServers) throws InterruptedException {
        WorkerConfig config = WorkerConfig.parse(new String[]{"--bootstrap-servers", bootstrapServers,
                "--model-dir", TestModels.defaultModel().toString(), "--group-id", "gateway-test-workers",
                "--worker-id", "gateway-test-w1", "--http-port", "0", "--intra-op-threads", "1",
                "--session-timeout-ms", "6000", "--transaction-timeout-ms", "10000"}, Map.of());
        Worker worker = Worker.start(config);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!worker.health().ready()) {
            if (System.nanoTime() > deadline) {
                worker.close();
                throw new AssertionError("the inference worker was not ready within 60 s: " + worker.health().detail());
            }
            Thread.sleep(100);
        }
        return worker;
    }
}
