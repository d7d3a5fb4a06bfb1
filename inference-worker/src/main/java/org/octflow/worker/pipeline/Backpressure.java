package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.Consumer;

/**
 * Pauses fetching while too many consumed scans wait for the model, so memory stays bounded, and resumes at half, so
 * the consumer does not flap around one number.
 */
final class Backpressure {
    private final Consumer<?, ?> consumer;
    private final int maxQueuedScans;
    private final Runnable onPause;
    // Written by the Kafka thread only; volatile so /metrics reads a current value.
    private volatile boolean paused;

    /** @param onPause counts each pause (a metric) */
    Backpressure(Consumer<?, ?> consumer, int maxQueuedScans, Runnable onPause) {
        this.consumer = consumer;
        this.maxQueuedScans = maxQueuedScans;
        this.onPause = onPause;
    }

    /** Before each poll, with the scans consumed and not yet emitted. */
    void apply(int queuedScans) {
        if (!paused && queuedScans >= maxQueuedScans) {
            consumer.pause(consumer.assignment());
            paused = true;
            onPause.run();
        } else if (paused && queuedScans <= maxQueuedScans / 2) {
            consumer.resume(consumer.paused());
            paused = false;
        } else if (paused) {
            consumer.pause(consumer.assignment()); // partitions assigned while paused
        }
    }

    boolean isPaused() {
        return paused;
    }
}
