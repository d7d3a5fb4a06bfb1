package org.octflow.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.dataset.NpyArray;
import org.octflow.dataset.NpzWriter;
import org.octflow.dataset.Split;
import org.octflow.testkit.FreePorts;
import org.octflow.testkit.JavaProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small `./octflow demo`: generated scans through a real Kafka broker, a real PostgreSQL, the gateway and two
 * worker processes, serving the committed default model. Every scan must come back exactly once.
 */
class DemoThroughRealProcessesIT {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void everyGeneratedScanIsPredictedExactlyOnceThroughTheWholeStack() throws Exception {
        Path data = generatedSplit(dir.resolve("generated.npz"), 40);
        Path log = dir.resolve("demo.log");

        List<String> command = new ArrayList<>(List.of(JavaProcess.javaBinary(), "-Xmx768m",
                "-Doctflow.home=" + HOME, "org.octflow.launcher.OctflowCommand", "demo", "--exit",
                "--data", data.toString(), "--workers", "2", "--state", dir.resolve("state").toString()));
        command.addAll(List.of("--kafka-port", Integer.toString(FreePorts.next()),
                "--postgres-port", Integer.toString(FreePorts.next()),
                "--gateway-port", Integer.toString(FreePorts.next()),
                "--worker-port", Integer.toString(FreePorts.next())));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path")); // a short command line
        Process demo = builder.start();
        boolean finished = demo.waitFor(6, TimeUnit.MINUTES);
        if (!finished) {
            demo.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);

        assertThat(finished).as("demo finished within 6 minutes").isTrue();
        assertThat(demo.exitValue()).as("demo exit code; output:%n%s", output).isZero();
        assertThat(output).contains("scans sent            40",
                "predicted             40 (failed 0, missing 0, answered more than once 0)",
                "exactly once          yes");
    }

    /** A test split of random grey 28x28 images with labels 0..3 (accuracy is meaningless; counting is not). */
    private static Path generatedSplit(Path file, int n) throws Exception {
        Random random = new Random(7);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            byte[] pixels = new byte[n * 28 * 28];
            random.nextBytes(pixels);
            long[] labels = new long[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 4;
            }
            arrays.put(split.key() + "_images", NpzWriter.uint8(new long[]{n, 28, 28}, pixels));
            arrays.put(split.key() + "_labels", NpzWriter.int64(new long[]{n, 1}, labels));
        }
        NpzWriter.write(file, arrays);
        return file;
    }
}
