package org.octflow.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The worker's metrics on Micrometer with a Prometheus registry: the names below (counters get {@code _total},
 * latencies {@code _seconds}) plus the JVM's and the process's own. {@code /metrics} serves {@link #scrape}.
 */
public final class WorkerMetrics {
    /** 0.5 ms .. 16 s, doubling. */
    private static final Duration[] LATENCY = java.util.Arrays.stream(exponential(0.0005, 2, 16))
            .mapToObj(seconds -> Duration.ofNanos((long) (seconds * 1e9))).toArray(Duration[]::new);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final List<Runnable> infoRefreshers = new CopyOnWriteArrayList<>();

    public final Counter recordsIn = counter("octflow.records.in", "ScanBatch records consumed");
    public final Counter scansIn = counter("octflow.scans.in", "Scans consumed");
    public final Counter predictions = counter("octflow.predictions", "Scans that got a prediction");
    public final Counter modelBatches = counter("octflow.model.batches", "Model runs");
    public final Counter modelRunFailures = counter("octflow.model.run.failures", "Failed model runs, retries included");
    public final Counter modelReloads = counter("octflow.model.reloads", "Model versions swapped in after start");
    public final Counter transactionsCommitted = counter("octflow.transactions.committed", "Kafka transactions committed");
    public final Counter transactionsAborted = counter("octflow.transactions.aborted", "Kafka transactions aborted");
    public final Counter consumptionPauses = counter("octflow.consumption.pauses",
            "Times consumption was paused because max-queued-scans scans waited");
    public final DistributionSummary modelBatchSize = DistributionSummary.builder("octflow.model.batch.size")
            .description("Scans per model run").serviceLevelObjectives(exponential(1, 2, 10)).register(registry);
    public final Timer queueLatency = seconds("octflow.queue.latency",
            "From a record's broker timestamp to the start of its scan's model run");
    public final Timer inferenceLatency = seconds("octflow.inference.latency", "One model run");
    public final Timer endToEndLatency = seconds("octflow.end.to.end.latency",
            "From a record's broker timestamp to the commit of its predictions");

    public WorkerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Records sent to the dead-letter topic, by error code. */
    public Counter deadLetter(String code) {
        return deadLetters.computeIfAbsent(code, c -> Counter.builder("octflow.dead.letters")
                .description("Records sent to the dead-letter topic").tag("code", c).register(registry));
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** A gauge fixed at 1 whose labels carry the facts (the model version served); read again at every scrape. */
    public void info(String name, String description, Supplier<Map<String, String>> labels) {
        MultiGauge gauge = MultiGauge.builder(name).description(description).register(registry);
        infoRefreshers.add(() -> {
            Map<String, String> now = labels.get();
            gauge.register(now.isEmpty() ? List.of()
                    : List.of(MultiGauge.Row.of(Tags.of(now.entrySet().stream()
                    .map(e -> io.micrometer.core.instrument.Tag.of(e.getKey(), e.getValue())).toList()), 1)), true);
        });
    }

    /** Prometheus text exposition of every metric. */
    public String scrape() {
        infoRefreshers.forEach(Runnable::run);
        return registry.scrape();
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    /** A latency: a Timer, which Prometheus shows in seconds (a DistributionSummary would round sub-1 values). */
    private Timer seconds(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(LATENCY).register(registry);
    }

    private static double[] exponential(double start, double factor, int count) {
        double[] bounds = new double[count];
        double bound = start;
        for (int i = 0; i < count; i++) {
            bounds[i] = bound;
            bound *= factor;
        }
        return bounds;
    }
}
