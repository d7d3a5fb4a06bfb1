package org.octflow.worker.pipeline;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.octflow.worker.support.FakeTime;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LoopHealthTest {
    private static final Duration PROBE_ROUND = Duration.ofSeconds(2);

    private final FakeTime clock = new FakeTime();
    private final LoopHealth health = new LoopHealth(clock, Duration.ofSeconds(60), Duration.ofSeconds(90));

    @BeforeEach
    void kafkaAnswersTheFirstProbe() {
        health.kafkaAnswered();
    }

    @Test
    void isNotReadyUntilTheLoopHasPolled() {
        assertThat(health.liveness().ok()).isTrue();
        assertThat(health.readiness().ok()).isFalse();
        assertThat(health.readiness().detail()).contains("joining the group");

        health.polled(false);

        assertThat(health.readiness().ok()).isTrue();
    }

    @Test
    void isNotReadyAsSoonAsTheProbeGetsNoAnswerAndSaysSinceWhen() {
        health.polled(false);
        clock.advance(PROBE_ROUND);
        var asked = clock.instant();
        clock.advance(Duration.ofSeconds(4));

        health.kafkaUnanswered(asked, "no answer within 4 s");
        clock.advance(Duration.ofSeconds(35));

        assertThat(health.readiness().ok()).isFalse();
        assertThat(health.readiness().detail())
                .contains("cannot reach Kafka since 2026-12-02T10:00:02Z (39 s): no answer within 4 s");
        assertThat(health.liveness().ok()).isTrue();

        health.kafkaAnswered();
        assertThat(health.readiness().ok()).isTrue();
    }

    @Test
    void staysAliveButNotReadyWhileTheLoopsCallsFail() {
        health.polled(true);
        health.kafkaFailed("TimeoutException: Timeout expired after 10000ms");

        clock.advance(Duration.ofMinutes(4));
        health.kafkaFailed("TimeoutException: Timeout expired after 10000ms");

        assertThat(health.liveness().ok()).as("a restart cannot bring Kafka back").isTrue();
        assertThat(health.readiness().ok()).isFalse();
        assertThat(health.readiness().detail()).contains("cannot reach Kafka", "(240 s)", "Timeout expired");
    }

    @Test
    void anOutageIsNeverALivenessFailureHoweverLong() {
        health.polled(true);
        answeringFor(Duration.ofSeconds(10));
        health.kafkaReachable(); // the loop's last attempt succeeded: its own view of Kafka is now stale
        var asked = clock.instant();

        // Kafka goes away; the loop moves (a bounded call times out) well within the hung limit, for an hour.
        for (int i = 0; i < 360; i++) {
            clock.advance(Duration.ofSeconds(10));
            health.kafkaUnanswered(asked, "no answer within 4 s");
            if (i % 3 == 0) {
                health.polled(true);
            }
            assertThat(health.liveness().ok()).as("after %d s of outage: %s", (i + 1) * 10,
                    health.liveness().detail()).isTrue();
        }
    }

    @Test
    void recordsWaitingWithoutACommitWhileKafkaAnswersMakeTheLoopStuck() {
        health.polled(true);
        answeringFor(Duration.ofSeconds(59));
        health.polled(true);
        assertThat(health.liveness().ok()).isTrue();

        answeringFor(Duration.ofSeconds(2));
        health.polled(true);

        assertThat(health.liveness().ok()).isFalse();
        assertThat(health.liveness().detail()).contains("61 s without a commit");
        assertThat(health.readiness().ok()).isFalse();
    }

    @Test
    void onlyTheTimeKafkaAnsweredCountsTowardsStuck() {
        health.polled(true);
        var asked = clock.instant();
        for (int i = 0; i < 50; i++) {
            clock.advance(PROBE_ROUND);
            health.kafkaUnanswered(asked, "Connection refused");
            health.polled(true);
        }
        answeringFor(Duration.ofSeconds(50));
        health.polled(true);
        assertThat(health.liveness().ok()).as("waited 150 s, of which Kafka answered 50 s").isTrue();

        answeringFor(Duration.ofSeconds(14));
        health.polled(true);

        assertThat(health.liveness().ok()).isFalse();
        assertThat(health.liveness().detail()).contains("62 s without a commit while Kafka answered");
    }

    @Test
    void withoutRecentAnswersNothingCountsAsStuck() {
        health.polled(true); // the probe's last word (before each test) is from long ago
        clock.advance(Duration.ofSeconds(80));
        health.polled(true);

        assertThat(health.liveness().ok()).isTrue();
        assertThat(health.readiness().ok()).isFalse();
        assertThat(health.readiness().detail()).contains("no answer from Kafka since", "(80 s)");
    }

    @Test
    void aCommitRestartsTheStuckTimer() {
        health.polled(true);
        answeringFor(Duration.ofSeconds(50));
        health.committed(true);
        answeringFor(Duration.ofSeconds(50));
        health.polled(true);

        assertThat(health.liveness().ok()).isTrue();
    }

    @Test
    void anIdleLoopIsNeverStuck() {
        health.polled(true);
        health.committed(false);
        answeringFor(Duration.ofMinutes(10));
        health.polled(false);

        assertThat(health.liveness().ok()).isTrue();
    }

    @Test
    void afterTheLoopsCallsSucceedAgainTheWaitStartsAgain() {
        health.polled(true);
        health.kafkaFailed("broker down");
        answeringFor(Duration.ofMinutes(5));
        health.kafkaReachable();
        health.polled(true);

        assertThat(health.liveness().ok()).isTrue();
        assertThat(health.readiness().ok()).isTrue();
    }

    @Test
    void aLoopThatStopsMovingIsHung() {
        health.polled(false);
        answeringFor(Duration.ofSeconds(91));

        assertThat(health.liveness().ok()).isFalse();
        assertThat(health.liveness().detail()).contains("has not moved for 91 s");
    }

    @Test
    void aStoppedLoopIsNeitherAliveNorReady() {
        health.polled(false);
        health.stopped("another worker with the same worker id took over");

        assertThat(health.liveness().ok()).isFalse();
        assertThat(health.readiness().detail()).contains("same worker id");
    }

    /** Time passes while the probe gets an answer every round. */
    private void answeringFor(Duration duration) {
        Duration left = duration;
        while (!left.isZero()) {
            Duration step = left.compareTo(PROBE_ROUND) < 0 ? left : PROBE_ROUND;
            clock.advance(step);
            health.kafkaAnswered();
            left = left.minus(step);
        }
    }
}
