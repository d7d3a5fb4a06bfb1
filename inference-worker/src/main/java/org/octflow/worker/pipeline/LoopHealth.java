package org.octflow.worker.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the Kafka loop has been doing and what {@link KafkaReachability} sees of Kafka, turned into liveness and
 * readiness. Alive unless the loop stopped, stopped moving for longer than any one of its steps may take, or has had
 * records waiting without a commit for the whole time Kafka answered (a livelock a restart may clear): an outage, of
 * any length, is never a liveness failure. Ready only while consuming and Kafka answers. Pure apart from its clock, so
 * the rules are tested with a fake one.
 */
public final class LoopHealth {
    /** A check's answer and a line saying why. */
    public record Verdict(boolean ok, String detail) {
    }

    /**
     * Kafka's last answer counts as evidence that it answers for this long: a few of the probe's rounds, so one slow
     * answer does not count, and a probe that stopped asking does not vouch for Kafka.
     */
    static final Duration ANSWER_COUNTS_FOR = Duration.ofSeconds(10);

    private final Clock clock;
    private final Duration stuckAfter;
    private final Duration hungAfter;
    private volatile Instant lastTick;
    private volatile Instant waitingSince;
    private volatile Instant loopFailingSince;
    private volatile String loopError;
    private volatile boolean consuming;
    private volatile String stopped;
    /** Since when Kafka has answered every probe; null while it does not, or before the first probe. */
    private volatile Instant answeringSince;
    private volatile Instant lastAnswer;
    private volatile Instant unansweredSince;
    private volatile String unansweredReason;

    /**
     * @param stuckAfter how long records may wait without any commit while Kafka answers before the loop counts as stuck
     * @param hungAfter  how long the loop may go without moving before it counts as hung: longer than any one step may
     *                   take ({@link KafkaLoop#longestStep})
     */
    public LoopHealth(Clock clock, Duration stuckAfter, Duration hungAfter) {
        this.clock = clock;
        this.stuckAfter = stuckAfter;
        this.hungAfter = hungAfter;
        this.lastTick = clock.instant();
    }

    /** The loop went round once, or finished a Kafka call. */
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

    /** A call of the loop failed in a way that retrying may fix (an outage); readiness reports it. */
    void kafkaFailed(String error) {
        Instant now = clock.instant();
        lastTick = now;
        if (loopFailingSince == null) {
            loopFailingSince = now;
        }
        loopError = error;
    }

    /** The loop's calls succeed again. After a failure the records' wait restarts: they could not have committed. */
    void kafkaReachable() {
        lastTick = clock.instant();
        if (loopFailingSince != null) {
            loopFailingSince = null;
            loopError = null;
            waitingSince = null;
        }
    }

    /** The probe asked Kafka and it answered. */
    void kafkaAnswered() {
        Instant now = clock.instant();
        if (answeringSince == null) {
            answeringSince = now;
        }
        lastAnswer = now;
        unansweredSince = null;
        unansweredReason = null;
    }

    /** The probe asked Kafka at {@code askedAt} and got no answer, for this reason. */
    void kafkaUnanswered(Instant askedAt, String reason) {
        answeringSince = null;
        if (unansweredSince == null) {
            unansweredSince = askedAt;
        }
        unansweredReason = reason;
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
            return new Verdict(false, "the Kafka loop has not moved for " + sinceTick.toSeconds() + " s, longer than"
                    + " any step may take (" + hungAfter.toSeconds() + " s; every Kafka call is bounded): it is"
                    + " blocked (see the log); a restart hands its partitions to another worker");
        }
        Instant waiting = waitingSince;
        Instant answering = answeringSince;
        Instant answered = lastAnswer;
        if (waiting != null && loopFailingSince == null && answering != null && answered != null) {
            // Only the time Kafka was seen answering throughout counts: records cannot commit while it does not, and
            // after its last answer it may have gone away without the probe knowing yet.
            Instant from = waiting.isAfter(answering) ? waiting : answering;
            Duration waited = Duration.between(from, answered);
            if (waited.compareTo(stuckAfter) > 0) {
                return new Verdict(false, "records have waited " + waited.toSeconds() + " s without a commit while"
                        + " Kafka answered: the loop is stuck (see the log for the failing transaction)");
            }
        }
        return new Verdict(true, "alive");
    }

    public Verdict readiness() {
        Verdict live = liveness();
        if (!live.ok()) {
            return live;
        }
        Instant now = clock.instant();
        Instant unanswered = unansweredSince;
        if (unanswered != null) {
            return new Verdict(false, "cannot reach Kafka " + since(unanswered, now) + ": " + unansweredReason
                    + "; retrying");
        }
        Instant failing = loopFailingSince;
        if (failing != null) {
            return new Verdict(false, "cannot reach Kafka: the loop's calls fail " + since(failing, now) + ": "
                    + loopError + "; retrying");
        }
        Instant answered = lastAnswer;
        if (answered != null && !answersNow(now)) {
            return new Verdict(false, "no answer from Kafka " + since(answered, now) + "; retrying");
        }
        if (!consuming) {
            return new Verdict(false, "not consuming yet (joining the group)");
        }
        return new Verdict(true, "consuming");
    }

    private boolean answersNow(Instant now) {
        Instant answered = lastAnswer;
        return answered != null && Duration.between(answered, now).compareTo(ANSWER_COUNTS_FOR) <= 0;
    }

    private static String since(Instant from, Instant now) {
        return "since " + from.truncatedTo(ChronoUnit.SECONDS) + " (" + Duration.between(from, now).toSeconds() + " s)";
    }
}
