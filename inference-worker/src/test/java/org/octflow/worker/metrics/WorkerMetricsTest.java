package org.octflow.worker.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The names dashboards and alerts use, as /metrics serves them, and the JVM's own beside them. */
class WorkerMetricsTest {
    @Test
    void servesTheWorkersMetricNamesInPrometheusText() {
        WorkerMetrics metrics = new WorkerMetrics();
        metrics.recordsIn.increment();
        metrics.deadLetter("UNDECODABLE_IMAGE").increment(2);
        metrics.queueLatency.record(java.time.Duration.ofMillis(3));
        metrics.modelBatchSize.record(32);
        metrics.gauge("octflow.queued.scans", "Scans consumed and not yet emitted", () -> 7);
        metrics.info("octflow.model.info", "The model version being served",
                () -> Map.of("name", "octmnist-cnn", "version", "v1", "sha256", "ab"));

        String text = metrics.scrape();

        assertThat(text).contains("octflow_records_in_total 1.0",
                "octflow_dead_letters_total{code=\"UNDECODABLE_IMAGE\"} 2.0",
                "octflow_queue_latency_seconds_count 1",
                "octflow_queued_scans 7.0",
                "octflow_transactions_committed_total 0.0",
                "jvm_memory_used_bytes", "process_uptime_seconds");
        assertThat(text).containsPattern("octflow_queue_latency_seconds_bucket\\{le=\"0\\.004\"\\} 1");
        assertThat(text).containsPattern("octflow_model_batch_size_bucket\\{le=\"32\\.0\"\\} 1");
        assertThat(text).containsPattern("octflow_model_info\\{.*version=\"v1\".*\\} 1");
    }
}
