package org.octflow.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.testkit.FreePorts;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small `./octflow demo`: generated scans through a real Kafka broker, a real PostgreSQL, the gateway and two
 * worker processes, serving the committed default model. Every scan must come back exactly once.
 */
class DemoThroughRealProcessesIT {
    @TempDir
    Path dir;

    @Test
    void everyGeneratedScanIsPredictedExactlyOnceThroughTheWholeStack() throws Exception {
        Path data = Launcher.generatedSplits(dir.resolve("generated.npz"), 40);

        Launcher.Run demo = Launcher.run(dir.resolve("demo.log"), Duration.ofMinutes(6), "demo", "--exit",
                "--data", data.toString(), "--workers", "2", "--state", dir.resolve("state").toString(),
                "--kafka-port", Integer.toString(FreePorts.next()),
                "--postgres-port", Integer.toString(FreePorts.next()),
                "--gateway-port", Integer.toString(FreePorts.next()),
                "--worker-port", Integer.toString(FreePorts.next()));

        assertThat(demo.finished()).as("demo finished within 6 minutes").isTrue();
        assertThat(demo.exitCode()).as("demo exit code; output:%n%s", demo.output()).isZero();
        assertThat(demo.output()).contains("scans sent            40",
                "predicted             40 (failed 0, missing 0, answered more than once 0)",
                "exactly once          yes");
    }
}
