package org.octflow.worker.metrics;

import org.octflow.worker.metrics.MetricsRegistry.Counter;
import org.octflow.worker.metrics.MetricsRegistry.Histogram;
import org.octflow.worker.metrics.MetricsRegistry.LabeledCounter;

/** The worker's metrics, by name; the registry renders them. */
public final class WorkerMetrics {
    private static final double[] LATENCY_SECONDS = MetricsRegistry.exponential(0.0005, 2, 16); // 0.5 ms .. 16 s

    public final MetricsRegistry registry;
    public final Counter recordsIn;
    public final Counter scansIn;
    public final Counter predictions;
    public final Counter modelBatches;
    public final Histogram modelBatchSize;
    public final Histogram queueLatency;
    public final Histogram inferenceLatency;
    public final Histogram endToEndLatency;
    public final LabeledCounter deadLetters;
    public final Counter modelRunFailures;
    public final Counter modelReloads;
    public final Counter transactionsCommitted;
    public final Counter transactionsAborted;
    public final Counter consumptionPauses;

    public WorkerMetrics(MetricsRegistry registry) {
        this.registry = registry;
        recordsIn = registry.counter("octflow_records_in_total", "ScanBatch records consumed");
        scansIn = registry.counter("octflow_scans_in_total", "Scans consumed");
        predictions = registry.counter("octflow_predictions_total", "Scans that got a prediction");
        modelBatches = registry.counter("octflow_model_batches_total", "Model runs");
        modelBatchSize = registry.histogram("octflow_model_batch_size", "Scans per model run",
                MetricsRegistry.exponential(1, 2, 10));
        queueLatency = registry.histogram("octflow_queue_latency_seconds",
                "From a record's broker timestamp to the start of its scan's model run", LATENCY_SECONDS);
        inferenceLatency = registry.histogram("octflow_inference_latency_seconds", "One model run", LATENCY_SECONDS);
        endToEndLatency = registry.histogram("octflow_end_to_end_latency_seconds",
                "From a record's broker timestamp to the commit of its predictions", LATENCY_SECONDS);
        deadLetters = registry.labeledCounter("octflow_dead_letters_total", "Records sent to the dead-letter topic",
                "code");
        modelRunFailures = registry.counter("octflow_model_run_failures_total", "Failed model runs, retries included");
        modelReloads = registry.counter("octflow_model_reloads_total", "Model versions swapped in after start");
        transactionsCommitted = registry.counter("octflow_transactions_committed_total", "Kafka transactions committed");
        transactionsAborted = registry.counter("octflow_transactions_aborted_total", "Kafka transactions aborted");
        consumptionPauses = registry.counter("octflow_consumption_pauses_total",
                "Times consumption was paused because max-queued-scans scans waited");
    }
}
