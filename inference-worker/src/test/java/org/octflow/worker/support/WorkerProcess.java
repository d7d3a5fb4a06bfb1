package org.octflow.worker.support;

import org.octflow.testkit.ChildProcesses;
import org.octflow.testkit.JavaProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A worker in its own JVM (this test JVM's classpath), so a test can kill it as a crash would. */
public final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static WorkerProcess start(Path log, String... args) {
        return start(log, Map.of(), args);
    }

    /** A worker with these environment variables set too (the Kafka client settings of a secured broker). */
    public static WorkerProcess start(Path log, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaBinary(), "-Xmx1g", "-XX:+UseSerialGC",
                "org.octflow.worker.Main"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // Through the environment, not -cp: ONNX Runtime 1.29's CPU build crashes (SIGSEGV) at start when the
            // process's command line is over ~4 KB (model-runtime README).
            builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            builder.environment().putAll(env);
            Process process = builder.start();
            return new WorkerProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a worker process", e);
        }
    }

    /** SIGKILL: no shutdown hook, no commit, an open transaction left behind. */
    public void kill() {
        ChildProcesses.kill(process);
    }

    /** SIGTERM, then waits; true when the worker exited within the time. */
    public boolean terminate(long seconds) {
        return ChildProcesses.stop(process, java.time.Duration.ofSeconds(seconds));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
