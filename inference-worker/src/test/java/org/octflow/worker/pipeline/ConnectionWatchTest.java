package org.octflow.worker.pipeline;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;
import org.octflow.worker.support.FakeTime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionWatchTest {
    private final FakeTime time = new FakeTime();
    private final Map<MetricName, Metric> metrics = new HashMap<>();
    private final LoopHealth health = new LoopHealth(time, Duration.ofSeconds(60), Duration.ofSeconds(90));
    private final ConnectionWatch watch = new ConnectionWatch(() -> metrics, health, time::nanoTime);

    @Test
    void aConsumerWithAConnectionIsConnected() {
        connections(2);

        watch.check();

        assertThat(watch.disconnectedFor()).isZero();
    }

    @Test
    void countsHowLongNoBrokerConnectionWasSeenAndTellsReadiness() {
        health.polled(false);
        connections(0);
        watch.check();
        time.advance(Duration.ofSeconds(5));

        watch.check();

        assertThat(watch.disconnectedFor()).isEqualTo(Duration.ofSeconds(5));
        assertThat(health.readiness().detail()).contains("no connection to any broker for 5 s");
    }

    @Test
    void aReconnectEndsTheGap() {
        connections(0);
        watch.check();
        time.advance(Duration.ofSeconds(5));
        connections(1);

        watch.check();

        assertThat(watch.disconnectedFor()).isZero();
    }

    @Test
    void looksAtTheMetricsAtMostOnceASecond() {
        connections(1);
        watch.check();
        connections(0);
        time.advance(Duration.ofMillis(500));
        watch.check();
        assertThat(watch.disconnectedFor()).as("not checked yet").isZero();

        time.advance(Duration.ofMillis(500));
        watch.check();
        time.advance(Duration.ofSeconds(2));
        watch.check();

        assertThat(watch.disconnectedFor()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void onlyTheConsumersConnectionCountCounts() {
        metrics.put(new MetricName("connection-count", "producer-metrics", "", Map.of()), value(3));
        metrics.put(new MetricName("connection-creation-total", "consumer-metrics", "", Map.of()), value(7));
        connections(0);
        watch.check();
        time.advance(Duration.ofSeconds(1));

        watch.check();

        assertThat(watch.disconnectedFor()).isEqualTo(Duration.ofSeconds(1));
    }

    private void connections(double count) {
        metrics.put(new MetricName("connection-count", "consumer-metrics", "", Map.of()), value(count));
    }

    private static Metric value(double value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
    }
}
