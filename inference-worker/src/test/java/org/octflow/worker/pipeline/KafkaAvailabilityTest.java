package org.octflow.worker.pipeline;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.octflow.worker.support.FakeTime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaAvailabilityTest {
    private final FakeTime time = new FakeTime();
    private final LoopHealth health = new LoopHealth(time, Duration.ofSeconds(60), Duration.ofSeconds(90));
    private final List<Duration> waits = new ArrayList<>();
    private boolean stopRequested;
    /** What happens while the loop waits between attempts (the probe seeing Kafka again). */
    private Runnable duringWait = () -> { };
    private final KafkaAvailability availability = new KafkaAvailability(health, () -> stopRequested,
            time::nanoTime, (wait, wakeUp) -> {
                duringWait.run();
                // A wait cut short by the wake-up is recorded as zero: the test clock does not run on its own.
                Duration waited = wakeUp.getAsBoolean() ? Duration.ZERO : wait;
                waits.add(waited);
                time.advance(waited);
            });

    @Test
    void retriesWithDoublingWaitsUntilKafkaAnswers() {
        Attempts attempts = new Attempts(3, () -> new TimeoutException("Timeout expired after 10000ms"));

        availability.retryUntilAnswered("committing", attempts);

        assertThat(attempts.runs).isEqualTo(4);
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void waitsNoLongerThanTenSecondsHoweverLongKafkaIsAway() {
        availability.retryUntilAnswered("committing", new Attempts(12, () -> new TimeoutException("away")));

        assertThat(waits).endsWith(Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(waits).allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(10)));
    }

    @Test
    void retriesAtOnceAndFromTheShortestWaitWhenTheProbeSeesKafkaComeBack() {
        health.kafkaUnanswered(time.instant(), "no answer within 4 s");
        Attempts attempts = new Attempts(8, () -> new TimeoutException("away"));
        duringWait = () -> {
            if (attempts.runs == 6) {
                health.kafkaAnswered(); // the broker is back while the loop waits after its sixth failure
            }
        };

        availability.retryUntilAnswered("recovering", attempts);

        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                Duration.ofMillis(1600), Duration.ofMillis(3200), Duration.ZERO, Duration.ofMillis(200),
                Duration.ofMillis(400));
    }

    @Test
    void aProbeThatAnswersThroughoutDoesNotShortenTheWaits() {
        health.kafkaAnswered(); // e.g. the coordinator is still loading: the broker answers, the call fails
        Attempts attempts = new Attempts(3, () -> new TimeoutException("coordinator loading"));

        availability.retryUntilAnswered("recovering", attempts);

        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void isNotReadyWhileKafkaIsAwayAndReadyOnceItAnswers() {
        health.polled(false);
        Attempts attempts = new Attempts(2, () -> new TimeoutException("Timeout expired after 10000ms")) {
            @Override
            public void run() {
                if (runs == 2) {
                    assertThat(health.readiness().detail()).contains("cannot reach Kafka", "Timeout expired");
                }
                super.run();
            }
        };

        availability.retryUntilAnswered("committing", attempts);

        assertThat(health.readiness().ok()).isTrue();
    }

    @Test
    void aRefusalIsNotRetried() {
        Attempts attempts = new Attempts(5, () -> new SaslAuthenticationException("bad password"));

        assertThatThrownBy(() -> availability.retryUntilAnswered("connecting", attempts))
                .isInstanceOf(SaslAuthenticationException.class);
        assertThat(attempts.runs).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aFailedCallThatIsNotKafkasIsRetriedLikeAnyOther() {
        Attempts attempts = new Attempts(2, () -> new IllegalArgumentException("a bug met on one record"));

        availability.retryUntilAnswered("recovering", attempts);

        assertThat(attempts.runs).isEqualTo(3);
    }

    @Test
    void givesUpWithoutSuccessWhenStopIsRequested() {
        Attempts attempts = new Attempts(Integer.MAX_VALUE, () -> new TimeoutException("away"));
        stopRequested = true;

        availability.retryUntilAnswered("recovering", attempts);

        assertThat(attempts.runs).isEqualTo(1);
    }

    @Test
    void theFirstContactGivesUpOnceTheStartTimeoutHasPassedSayingWhatToCheck() {
        Attempts attempts = new Attempts(Integer.MAX_VALUE, () -> new TimeoutException("Timeout expired"));

        assertThatThrownBy(() -> availability.firstContact(attempts, Duration.ofSeconds(8)))
                .isInstanceOf(KafkaAvailability.KafkaUnreachableException.class)
                .hasMessageContaining("Kafka did not answer in 8 s since start")
                .hasMessageContaining("--bootstrap-servers")
                .hasMessageContaining("security.protocol");
        assertThat(time.nanoTime()).isGreaterThan(Duration.ofSeconds(8).toNanos());
        assertThat(FailurePolicy.stopsTheLoop(new KafkaAvailability.KafkaUnreachableException("x"))).isTrue();
    }

    @Test
    void theFirstContactWithoutAStartTimeoutWaitsForEver() {
        Attempts attempts = new Attempts(100, () -> new TimeoutException("Timeout expired"));

        availability.firstContact(attempts, Duration.ZERO);

        assertThat(attempts.runs).isEqualTo(101);
        assertThat(time.nanoTime()).isGreaterThan(Duration.ofMinutes(15).toNanos());
    }

    /** Fails {@code failures} times with the given exception, then succeeds. */
    private static class Attempts implements Runnable {
        private final int failures;
        private final java.util.function.Supplier<RuntimeException> error;
        int runs;

        Attempts(int failures, java.util.function.Supplier<RuntimeException> error) {
            this.failures = failures;
            this.error = error;
        }

        @Override
        public void run() {
            if (runs++ < failures) {
                throw error.get();
            }
        }
    }
}
