package org.octflow.worker;

import org.octflow.contracts.manifest.InvalidModelException;
import org.octflow.worker.config.WorkerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;

/** {@code inference-worker [--option value]...} runs a worker ({@code ./octflow worker-bench} measures one). */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(WorkerConfig.usage());
            return;
        }
        WorkerConfig config;
        try {
            config = WorkerConfig.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Worker worker;
        try {
            worker = Worker.start(config);
        } catch (InvalidModelException | IllegalStateException | UncheckedIOException e) {
            LOG.error("the worker cannot start: {}", e.getMessage()); // says what to fix; a stack trace adds nothing
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            LOG.error("the worker cannot start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        // SIGTERM: finish what is in flight, commit, close; the JVM waits for this hook.
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "shutdown"));
        worker.awaitKafkaLoop();
        if (worker.failed()) {
            System.exit(1);
        }
    }
}
