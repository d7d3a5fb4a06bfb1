package org.octflow.worker.pipeline;

import org.junit.jupiter.api.Test;
import org.octflow.worker.support.FakeTime;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LoopHealthTest {
    private final FakeTime clock = new FakeTime();
    private final LoopHealth health = new LoopHealth(clock, Duration.ofSeconds(60), Duration.ofSeconds(90));

    @Test
    void isNotReadyUntilTheLoopHasPolled() {
        assertThat(health.liveness().ok()).isTrue();
        assertThat(health.readiness().ok()).isFalse();
        assertThat(health.readiness().detail()).contains("joining the group");

        health.polled(false);

        assertThat(health.readiness().ok()).isTrue();
    }

    @Test
    void staysAliveButNotReadyWhileKafkaIsAway() {
        health.polled(true);
        health.kafkaFailed("TimeoutException: Timeout expired after 10000ms");

        clock.advance(Duration.ofMinutes(4));
        health.kafkaFailed("TimeoutException: Timeout expired after 10000ms");

        assertThat(health.liveness().ok()).as("a restart cannot bring Kafka back").isTrue();
        assertThat(health.readiness().ok()).isFalse();
        assertThat(health.readiness().detail()).contains("cannot reach Kafka for 240 s", "Timeout expired");
    }

    @Test
    void anIdleLoopWithoutAnyBrokerConnectionIsNotReady() {
        health.polled(false);
        health.disconnected(Duration.ofSeconds(2));
        assertThat(health.readiness().ok()).as("a reconnect takes a moment").isTrue();

        health.disconnected(Duration.ofSeconds(12));

        assertThat(health.readiness().ok()).isFalse();
        assertThat(health.readiness().detail()).contains("no connection to any broker for 12 s");
        assertThat(health.liveness().ok()).isTrue();
    }

    @Test
    void recordsWaitingWithoutACommitWhileKafkaAnswersMakeTheLoopStuck() {
        health.polled(true);
        clock.advance(Duration.ofSeconds(59));
        health.polled(true);
        assertThat(health.liveness().ok()).isTrue();

        clock.advance(Duration.ofSeconds(2));
        health.polled(true);

        assertThat(health.liveness().ok()).isFalse();
        assertThat(health.liveness().detail()).contains("61 s without a commit");
        assertThat(health.readiness().ok()).isFalse();
    }

    @Test
    void aCommitRestartsTheStuckTimer() {
        health.polled(true);
        clock.advance(Duration.ofSeconds(50));
        health.committed(true);
        clock.advance(Duration.ofSeconds(50));
        health.polled(true);

        assertThat(health.liveness().ok()).isTrue();
    }

    @Test
    void anIdleLoopIsNeverStuck() {
        health.polled(true);
        health.committed(false);
        clock.advance(Duration.ofMinutes(10));
        health.polled(false);

        assertThat(health.liveness().ok()).isTrue();
    }

    @Test
    void afterAnOutageTheWaitStartsAgain() {
        health.polled(true);
        health.kafkaFailed("broker down");
        clock.advance(Duration.ofMinutes(5));
        health.kafkaReachable();
        health.polled(true);

        assertThat(health.liveness().ok()).isTrue();
        assertThat(health.readiness().ok()).isTrue();
    }

    @Test
    void aLoopThatStopsMovingIsHung() {
        health.polled(false);
        clock.advance(Duration.ofSeconds(91));

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
}
