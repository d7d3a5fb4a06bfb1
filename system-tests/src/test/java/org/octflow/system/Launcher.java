package org.octflow.system;

import org.octflow.dataset.NpyArray;
import org.octflow.dataset.NpzWriter;
import org.octflow.dataset.Split;
import org.octflow.testkit.JavaProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** `./octflow` as a user runs it, from the built modules, on generated scans. */
final class Launcher {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    private Launcher() {
    }

    /** What a finished (or timed-out, then killed) launcher command said, and how it ended. */
    record Run(boolean finished, int exitCode, String output) {
    }

    static Run run(Path log, Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaBinary(), "-Xmx768m",
                "-Doctflow.home=" + HOME, "org.octflow.launcher.OctflowCommand"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path")); // a short command line
        Process process = builder.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        System.out.println(output);
        return new Run(finished, finished ? process.exitValue() : -1, output);
    }

    /** Every split of random grey 28x28 images with labels 0..3 (accuracy is meaningless; counting is not). */
    static Path generatedSplits(Path file, int n) throws Exception {
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
