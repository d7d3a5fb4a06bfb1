package org.octflow.worker.pipeline;

import java.time.Duration;

/** Doubling waits between retries, from {@code first} up to {@code max}; {@link #reset} after a success. */
final class Backoff {
    private final Duration first;
    private final Duration max;
    private Duration next;

    Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The wait before the next retry; each call doubles the one after, up to the maximum. */
    Duration next() {
        Duration now = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return now;
    }

    void reset() {
        next = first;
    }
}
