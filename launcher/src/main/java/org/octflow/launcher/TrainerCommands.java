package org.octflow.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * `./octflow train | experiment | bench | bench-evidence | check-calibration | download ...`: the trainer's own
 * picocli commands, run as their own JVM (DL4J's native libraries stay out of the launcher); libnd4j picks its own
 * thread count.
 */
@Command(name = "trainer", description = "The trainer's command, options passed through (./octflow train --help).")
final class TrainerCommands implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        args.add(spec.name());
        args.addAll(arguments);
        return start(args, false).waitFor();
    }

    /** `download`: fetches octmnist.npz (md5-checked) into the cache and returns its path. */
    static Path downloadOctmnist() throws IOException, InterruptedException {
        Process download = start(List.of("download"), true);
        String out = new String(download.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (download.waitFor() != 0 || out.isEmpty()) {
            throw new IllegalStateException("could not fetch OCTMNIST; pass a MedMNIST file: ./octflow demo --data"
                    + " ../shared/data/octmnist_partial.npz");
        }
        return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    private static Process start(List<String> args, boolean captureOutput) throws IOException {
        Path jar = StackArguments.home().resolve("trainer/target/trainer.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -B -ntp install -DskipTests");
        }
        List<String> command = new ArrayList<>(List.of(org.octflow.testkit.JavaProcess.javaBinary(), "-jar",
                jar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        if (!captureOutput) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        }
        return builder.start();
    }
}
