package org.octflow.launcher;

import org.octflow.testkit.ChildProcesses;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One of the stack's Java services (gateway, a worker) run as a child process with its log in a file. Like an
 * orchestrator, it starts the service again when it exits on its own (a worker that gave up exits non-zero).
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration RESTART_DELAY = Duration.ofMillis(500);

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final URI health;
    private final PrintStream out;
    private volatile Process process;
    private volatile boolean closing;
    private volatile int restarts;
    private volatile long startedAtMillis;

    private ServiceProcess(String name, List<String> command, Map<String, String> env, Path log, URI health,
                           PrintStream out) {
        this.name = name;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.log = log;
        this.health = health;
        this.out = out;
    }

    static ServiceProcess start(String name, List<String> command, Map<String, String> env, Path log, URI health,
                                PrintStream out) {
        ServiceProcess service = new ServiceProcess(name, command, env, log, health, out);
        service.launch();
        return service;
    }

    private synchronized void launch() {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process started = builder.start();
            startedAtMillis = System.currentTimeMillis();
            process = started;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
            started.onExit().thenAccept(this::exited);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Supervision: a service that exits while the stack runs is started again. */
    private void exited(Process dead) {
        if (closing || dead != process) {
            return;
        }
        restarts++;
        out.println(name + " exited with " + dead.exitValue() + "; starting it again in " + RESTART_DELAY.toMillis()
                + " ms (log: " + log + ")");
        sleep(RESTART_DELAY.toMillis());
        if (!closing) {
            launch();
        }
    }

    void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process current = process;
            if (!current.isAlive() && restarts == 0 && current.exitValue() != 0) {
                throw new IllegalStateException(name + " exited with " + current.exitValue() + " while starting; see "
                        + log + ":\n" + ChildProcesses.tail(log, 30));
            }
            if (isHealthy()) {
                return;
            }
            sleep(300);
        }
        throw new IllegalStateException(name + " was not healthy at " + health + " within " + timeout.toSeconds()
                + " s; see " + log + ":\n" + ChildProcesses.tail(log, 30));
    }

    boolean isHealthy() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening (yet)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** When the process last started (its first start, or supervision's latest restart). */
    long startedAtMillis() {
        return startedAtMillis;
    }

    /** The URI supervision checks before it calls the service healthy. */
    URI health() {
        return health;
    }

    int restarts() {
        return restarts;
    }

    /** SIGKILL, as a crash would: supervision starts it again. */
    void kill() {
        ChildProcesses.kill(process);
    }

    /** SIGSTOP: frozen, its sockets open, answering nothing (a long GC pause, a stalled VM); {@link #thaw} resumes it. */
    void freeze() {
        Signals.stop(process.pid());
    }

    void thaw() {
        Signals.resume(process.pid());
    }

    /** SIGTERM, then up to 40 s for a graceful exit before killing; no restart. */
    @Override
    public void close() {
        closing = true;
        ChildProcesses.stop(process, Duration.ofSeconds(40));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
