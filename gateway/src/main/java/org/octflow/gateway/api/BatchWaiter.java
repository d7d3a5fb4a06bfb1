package org.octflow.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.query.BatchView;
import org.octflow.gateway.query.ScanQueries;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Waits for a batch to finish by polling the database: the prediction may be stored by any gateway instance of the
 * consumer group, so the database, not this process, is where it shows up. Each wait holds a worker thread, so at
 * most {@code octflow.max-concurrent-waits} are held at once; the polling backs off from 50 ms to 500 ms, since a
 * batch that is not done at once usually waits for a worker, not for milliseconds.
 */
@ApplicationScoped
public class BatchWaiter {
    static final long FIRST_POLL_MILLIS = 50;
    static final long MAX_POLL_MILLIS = 500;

    /** How a wait went: the finished batch (if it finished in time), and whether a wait was held at all. */
    public record Waited(Optional<BatchView> finished, boolean held) {
    }

    private final ScanQueries scans;
    private final int maxWaits;
    private final Semaphore waits;

    public BatchWaiter(ScanQueries scans, GatewayConfig config) {
        this.scans = scans;
        this.maxWaits = config.maxConcurrentWaits();
        this.waits = new Semaphore(Math.max(0, maxWaits));
    }

    /** The finished batch, or empty if it is still pending when {@code timeout} runs out or no wait is free. */
    public Waited awaitComplete(String batchId, Duration timeout) {
        if (!waits.tryAcquire()) {
            return new Waited(Optional.empty(), false);
        }
        try {
            return new Waited(poll(batchId, timeout), true);
        } finally {
            waits.release();
        }
    }

    public int maxWaits() {
        return maxWaits;
    }

    private Optional<BatchView> poll(String batchId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            Optional<BatchView> batch = scans.batch(batchId).filter(BatchView::complete);
            if (batch.isPresent() || System.nanoTime() >= deadline) {
                return batch;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = Math.min(MAX_POLL_MILLIS, pause * 2);
        }
    }
}
