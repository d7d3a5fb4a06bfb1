package org.octflow.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.octflow.gateway.query.BatchView;
import org.octflow.gateway.query.ScanQueries;

import java.time.Duration;
import java.util.Optional;

/**
 * Waits for a batch to finish by polling the database: the prediction may be stored by any gateway instance of the
 * consumer group, so the database, not this process, is where it shows up.
 */
@ApplicationScoped
public class BatchWaiter {
    private static final long POLL_MILLIS = 100;

    private final ScanQueries scans;

    public BatchWaiter(ScanQueries scans) {
        this.scans = scans;
    }

    /** The finished batch, or empty if it is still pending when {@code timeout} runs out. */
    public Optional<BatchView> awaitComplete(String batchId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<BatchView> batch = scans.batch(batchId).filter(BatchView::complete);
            if (batch.isPresent() || System.nanoTime() >= deadline) {
                return batch;
            }
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
