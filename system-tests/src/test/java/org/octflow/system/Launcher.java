package org.octflow.system;

import org.octflow.dataset.NpyArray;
import org.octflow.dataset.NpzWriter;
import org.octflow.dataset.Split;
import org.octflow.testkit.JavaProcess;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** `./octflow` as a user runs it, from the built modules, on generated scans. */
final class Launcher {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    private Launcher() {
    }

    /** What a finished (or timed-out, then killed) launcher command said, and how it ended. */
    record Run(boolean finished, int exitCode, String output) {
        /** The lines of its output that start with one of {@code prefixes} (a result table's rows), once each. */
        String rows(String... prefixes) {
            return String.join("\n", output.lines().filter(line -> Arrays.stream(prefixes).anyMatch(line::startsWith))
                    .distinct().toList());
        }

        /** Its last lines: where a failure's reason is, however long the output. */
        String tail(int lines) {
            List<String> all = output.lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    /**
     * The last lines of every service log under a stack's state directory (a broker's, a worker's, the gateway's):
     * what a failure in CI needs to be understood once its temporary directory is gone.
     */
    static String logTails(Path state, int lines) throws Exception {
        if (!Files.isDirectory(state)) {
            return "(no state directory " + state + ")";
        }
        StringBuilder tails = new StringBuilder();
        try (Stream<Path> files = Files.walk(state)) {
            // Not a broker's data/: its segment files end in .log too, and hold records, not logging.
            for (Path log : files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".log"))
                    .filter(p -> !state.relativize(p).toString().contains("/data/")).sorted().toList()) {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                tails.append("\n--- ").append(state.relativize(log)).append(" (last ").append(lines).append(" of ")
                        .append(all.size()).append(" lines)\n")
                        .append(String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())));
            }
        }
        return tails.toString();
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
