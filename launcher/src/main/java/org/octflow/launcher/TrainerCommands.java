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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * `./octflow train | experiment | bench | bench-evidence | check-calibration | download ...`: the trainer's own
 * picocli commands, run as their own JVM (DL4J's native libraries stay out of the launcher); libnd4j picks its own
 * thread count. Every argument, `--help` and `-h` included, goes to the trainer, so the help is the trainer's own.
 */
@Command(name = "trainer")
final class TrainerCommands implements Callable<Integer> {
    /** The trainer's commands and what `./octflow help` says of each; their options are the trainer's. */
    static final Map<String, String> COMMANDS = commands();

    @Spec
    CommandSpec spec;
    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        return start(trainerArguments(), false).waitFor();
    }

    /** What the trainer's JVM is given: this command's name and every argument after it, unchanged. */
    List<String> trainerArguments() {
        List<String> args = new ArrayList<>();
        args.add(spec.name());
        args.addAll(arguments);
        return args;
    }

    private static Map<String, String> commands() {
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("train", "Train, calibrate, evaluate and export model.onnx + manifest.json (the trainer's).");
        commands.put("experiment", "Compare training techniques on one data set and seed: report.md + charts"
                + " (the trainer's).");
        commands.put("bench", "Training images/s in DL4J against PyTorch on the same network (the trainer's).");
        commands.put("bench-evidence", "What the evidence-map output costs a served model run (the trainer's).");
        commands.put("check-calibration", "A model directory's accuracy, log-loss and ECE on labelled scans, beside"
                + " a perfectly calibrated model's ECE (the trainer's).");
        commands.put("download", "Fetch octmnist.npz (md5-checked) into the cache and print its path (the"
                + " trainer's).");
        return Collections.unmodifiableMap(commands);
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
