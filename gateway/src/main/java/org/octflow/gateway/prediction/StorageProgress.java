package org.octflow.gateway.prediction;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How the prediction consumer is doing, for health: when its loop last went round (liveness) and since when records
 * have waited because they could not be stored (readiness).
 */
@ApplicationScoped
public class StorageProgress {
    private final Clock clock;
    private volatile Instant lastTick;
    private volatile Instant failingSince;

    public StorageProgress(Clock clock) {
        this.clock = clock;
        this.lastTick = clock.instant();
    }

    void tick() {
        lastTick = clock.instant();
    }

    void stored() {
        failingSince = null;
    }

    void storageFailed() {
        if (failingSince == null) {
            failingSince = clock.instant();
        }
    }

    /** How long the loop has been in one step (a poll, a store, a commit). */
    public Duration sinceTick() {
        return Duration.between(lastTick, clock.instant());
    }

    /** How long records have waited because storing them fails; zero while they are stored. */
    public Duration storageFailingFor() {
        Instant since = failingSince;
        return since == null ? Duration.ZERO : Duration.between(since, clock.instant());
    }
}
