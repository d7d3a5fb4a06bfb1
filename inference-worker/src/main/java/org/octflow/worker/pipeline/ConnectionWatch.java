package org.octflow.worker.pipeline;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Tells {@link LoopHealth} how long the consumer has had no connection to any broker. An idle loop makes no Kafka call
 * that could fail, so only its connections show that Kafka went away (a polling consumer keeps its connections to the
 * brokers it fetches from open). Reads the consumer's {@code connection-count} at most once a second.
 */
final class ConnectionWatch {
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final LoopHealth health;
    private final LongSupplier nanoTime;
    private boolean checked;
    private long lastCheck;
    private boolean disconnected;
    private long disconnectedSince;
    private Duration disconnectedFor = Duration.ZERO;

    /** @param metrics the consumer's metrics ({@code consumer::metrics}) */
    ConnectionWatch(Supplier<Map<MetricName, ? extends Metric>> metrics, LoopHealth health, LongSupplier nanoTime) {
        this.metrics = metrics;
        this.health = health;
        this.nanoTime = nanoTime;
    }

    /** Looks at the connections again if a check is due, and reports what it saw. */
    void check() {
        long now = nanoTime.getAsLong();
        if (checked && now - lastCheck < CHECK_EVERY.toNanos()) {
            return;
        }
        checked = true;
        lastCheck = now;
        if (isConnected()) {
            disconnected = false;
        } else if (!disconnected) {
            disconnected = true;
            disconnectedSince = now;
        }
        disconnectedFor = disconnected ? Duration.ofNanos(now - disconnectedSince) : Duration.ZERO;
        health.disconnected(disconnectedFor);
    }

    /** As of the last check; zero while connected. */
    Duration disconnectedFor() {
        return disconnectedFor;
    }

    private boolean isConnected() {
        return metrics.get().entrySet().stream()
                .filter(e -> e.getKey().name().equals("connection-count")
                        && e.getKey().group().equals("consumer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .anyMatch(count -> count > 0);
    }
}
