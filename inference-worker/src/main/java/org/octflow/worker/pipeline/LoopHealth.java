package org.octflow.worker.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the Kafka loop has been doing, turned into liveness and readiness. Alive unless the loop stopped moving, or
 * records wait without a commit while Kafka answers (a livelock a restart may clear); ready only while consuming and
 * Kafka is reachable. Pure apart from its clock, so the rules are tested with a fake one.
 */
public final class LoopHealth {
    /** A check's answer and a line saying why. */
    public record Verdict(boolean ok, String detail) {
    }

    /** A reconnect takes a moment; only a longer gap without any broker connection counts. */
    static final Duration DISCONNECTED_GRACE = Duration.ofSeconds(3);

    private final Clock clock;
    private final Duration stuckAfter;
    private final Duration hungAfter;
    private volatile Instant lastTick;
    private volatile Instant waitingSince;
    private volatile Instant kafkaFailingSince;
    private volatile String kafkaError;
    private volatile boolean consuming;
    private volatile Duration disconnected = Duration.ZERO;
    private volatile String stopped;

    /**
     * @param stuckAfter how long records may wait without any commit while Kafka answers before the loop counts as stuck
     * @param hungAfter  how long the loop may spend in one step (a Kafka call, a shutdown) before it counts as hung
     */
    public LoopHealth(Clock clock, Duration stuckAfter, Duration hungAfter) {
        this.clock = clock;
        this.stuckAfter = stuckAfter;
        this.hungAfter = hungAfter;
        this.lastTick = clock.instant();
    }

    /** The loop went round once. */
    void tick() {
        lastTick = clock.instant();
    }

    /** The loop polled; {@code waiting} says whether consumed records now wait for a commit. */
    void polled(boolean waiting) {
        consuming = true;
        Instant now = clock.instant();
        lastTick = now;
        if (!waiting) {
            waitingSince = null;
        } else if (waitingSince == null) {
            waitingSince = now;
        }
    }

    /** A transaction committed: progress, so the stuck timer starts again for what still waits. */
    void committed(boolean stillWaiting) {
        Instant now = clock.instant();
        lastTick = now;
        waitingSince = stillWaiting ? now : null;
    }

    /** A Kafka call failed in a way that retrying may fix (an outage); readiness reports it. */
    void kafkaFailed(String error) {
        Instant now = clock.instant();
        lastTick = now;
        if (kafkaFailingSince == null) {
            kafkaFailingSince = now;
        }
        kafkaError = error;
    }

    /** Kafka answers again. After an outage the records' wait restarts: they could not have been committed. */
    void kafkaReachable() {
        lastTick = clock.instant();
        if (kafkaFailingSince != null) {
            kafkaFailingSince = null;
            kafkaError = null;
            waitingSince = null;
        }
    }

    /** How long the consumer has had no connection to any broker (zero while it has one). */
    void disconnected(Duration since) {
        disconnected = since;
    }

    /** The loop ended (shutdown or a fatal error) with this reason. */
    void stopped(String why) {
        stopped = why;
        consuming = false;
    }

    public Verdict liveness() {
        Instant now = clock.instant();
        if (stopped != null) {
            return new Verdict(false, "the Kafka loop stopped: " + stopped);
        }
        Duration sinceTick = Duration.between(lastTick, now);
        if (sinceTick.compareTo(hungAfter) > 0) {
            return new Verdict(false, "the Kafka loop has not moved for " + sinceTick.toSeconds()
                    + " s: it is blocked (see the log); a restart hands its partitions to another worker");
        }
        Instant waiting = waitingSince;
        if (kafkaFailingSince == null && waiting != null) {
            Duration waited = Duration.between(waiting, now);
            if (waited.compareTo(stuckAfter) > 0) {
                return new Verdict(false, "records have waited " + waited.toSeconds() + " s without a commit while"
                        + " Kafka answers: the loop is stuck (see the log for the failing transaction)");
            }
        }
        return new Verdict(true, "alive");
    }

    public Verdict readiness() {
        Verdict live = liveness();
        if (!live.ok()) {
            return live;
        }
        Instant failing = kafkaFailingSince;
        if (failing != null) {
            return new Verdict(false, "cannot reach Kafka for " + Duration.between(failing, clock.instant()).toSeconds()
                    + " s (" + kafkaError + "); retrying");
        }
        if (!consuming) {
            return new Verdict(false, "not consuming yet (joining the group)");
        }
        Duration away = disconnected;
        if (away.compareTo(DISCONNECTED_GRACE) > 0) {
            return new Verdict(false, "cannot reach Kafka: no connection to any broker for " + away.toSeconds()
                    + " s; retrying");
        }
        return new Verdict(true, "consuming");
    }
}
