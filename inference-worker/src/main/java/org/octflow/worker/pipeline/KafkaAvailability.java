package org.octflow.worker.pipeline;

import org.octflow.contracts.Failures;
import org.octflow.contracts.kafka.KafkaClientConfig;
import org.octflow.contracts.kafka.KafkaFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Runs a Kafka call again, with backoff, until Kafka answers: the worker outlives an outage of any length. A wait ends
 * early, and the backoff starts again from its shortest, once {@link KafkaReachability} sees Kafka answer again after
 * the failed attempt began: a broker that comes back is used within the probe's round, not a doubled wait later. Logs once
 * when the call starts failing, once a minute while it keeps failing and once when it succeeds again, and tells
 * {@link LoopHealth} whether Kafka is reachable. What {@link FailurePolicy} says stops the loop is not retried.
 */
final class KafkaAvailability {
    /** Kafka never answered since start: a setting is wrong (an address, a protocol), and no retry will fix it. */
    static final class KafkaUnreachableException extends RuntimeException {
        KafkaUnreachableException(String message) {
            super(message);
        }
    }

    /** How the retries wait; tests pass one that only advances their clock. */
    interface Sleeper {
        /** Waits {@code atMost}, or less: returns as soon as {@code wakeUp} says so. */
        void sleep(Duration atMost, BooleanSupplier wakeUp);
    }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAvailability.class);
    static final Duration FIRST_WAIT = Duration.ofMillis(200);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(10);
    static final Duration STILL_FAILING_LOG_EVERY = Duration.ofMinutes(1);
    private static final Duration WAKE_UP_CHECK_EVERY = Duration.ofMillis(50);

    private final LoopHealth health;
    private final BooleanSupplier stopRequested;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    KafkaAvailability(LoopHealth health, BooleanSupplier stopRequested) {
        this(health, stopRequested, System::nanoTime, KafkaAvailability::sleep);
    }

    KafkaAvailability(LoopHealth health, BooleanSupplier stopRequested, LongSupplier nanoTime, Sleeper sleeper) {
        this.health = health;
        this.stopRequested = stopRequested;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * Like {@link #retryUntilAnswered}, for the first call of the worker: one that has never succeeded within
     * {@code startTimeout} (zero: wait for ever) will not, so it ends in a {@link KafkaUnreachableException}.
     */
    void firstContact(Runnable attempt, Duration startTimeout) {
        long started = nanoTime.getAsLong();
        retryUntilAnswered("connecting to Kafka", () -> {
            try {
                attempt.run();
            } catch (RuntimeException e) {
                if (!startTimeout.isZero() && nanoTime.getAsLong() - started > startTimeout.toNanos()
                        && !FailurePolicy.stopsTheLoop(e)) {
                    throw new KafkaUnreachableException("Kafka did not answer in " + startTimeout.toSeconds()
                            + " s since start (" + Failures.rootMessage(e) + "): check --bootstrap-servers (or "
                            + KafkaClientConfig.BOOTSTRAP_SERVERS_ENV + ") and the"
                            + " client's security.protocol (a TLS listener drops a plaintext client without an"
                            + " answer)");
                }
                throw e;
            }
        });
    }

    /**
     * Runs {@code attempt} until it succeeds, stop is requested, or it throws what stops the loop (rethrown). Each
     * attempt must be safe to run again after a failure part way through.
     */
    void retryUntilAnswered(String what, Runnable attempt) {
        Backoff backoff = new Backoff(FIRST_WAIT, LONGEST_WAIT);
        long started = nanoTime.getAsLong();
        long lastLog = started;
        int failures = 0;
        while (true) {
            int answerStreak = health.answerStreaks();
            try {
                attempt.run();
                health.kafkaReachable();
                if (failures > 0) {
                    LOG.info("Kafka answers again after {} s; consuming from the last commit", secondsSince(started));
                }
                return;
            } catch (RuntimeException e) {
                if (FailurePolicy.stopsTheLoop(e)) {
                    throw e;
                }
                failures++;
                KafkaFailure failure = FailurePolicy.classify(e);
                health.kafkaFailed(Failures.rootMessage(e));
                Duration wait = backoff.next();
                if (failures == 1 || nanoTime.getAsLong() - lastLog > STILL_FAILING_LOG_EVERY.toNanos()) {
                    LOG.warn("{}: {}, for {} s; retrying every {} s until it succeeds", what, failure.reason(),
                            secondsSince(started), Math.max(1, wait.toSeconds()));
                    lastLog = nanoTime.getAsLong();
                }
                if (stopRequested.getAsBoolean()) {
                    return;
                }
                BooleanSupplier answersAgain = () -> health.answerStreaks() != answerStreak;
                sleeper.sleep(wait, () -> answersAgain.getAsBoolean() || stopRequested.getAsBoolean());
                if (answersAgain.getAsBoolean()) {
                    backoff.reset();
                }
            }
        }
    }

    private long secondsSince(long startedNanos) {
        return Duration.ofNanos(nanoTime.getAsLong() - startedNanos).toSeconds();
    }

    private static void sleep(Duration atMost, BooleanSupplier wakeUp) {
        long deadline = System.nanoTime() + atMost.toNanos();
        try {
            while (!wakeUp.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                Thread.sleep(Math.min(WAKE_UP_CHECK_EVERY.toMillis(), Math.max(1, left / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
