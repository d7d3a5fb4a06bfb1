package org.octflow.worker.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsRegistryTest {
    @Test
    void rendersThePrometheusTextFormat() {
        MetricsRegistry registry = new MetricsRegistry();
        registry.counter("records_total", "Records").add(3);
        registry.labeledCounter("dead_total", "Dead letters", "code").with("MALFORMED_MESSAGE").inc();
        registry.gauge("queued", "Queued", () -> 7);
        registry.info("model_info", "Model", () -> Map.of("version", "v\"1"));
        MetricsRegistry.Histogram sizes = registry.histogram("batch_size", "Sizes", 1, 8, 64);
        sizes.observe(1);
        sizes.observe(5);
        sizes.observe(100);

        assertThat(registry.render()).isEqualTo("""
                # HELP records_total Records
                # TYPE records_total counter
                records_total 3
                # HELP dead_total Dead letters
                # TYPE dead_total counter
                dead_total{code="MALFORMED_MESSAGE"} 1
                # HELP queued Queued
                # TYPE queued gauge
                queued 7
                # HELP model_info Model
                # TYPE model_info gauge
                model_info{version="v\\"1"} 1
                # HELP batch_size Sizes
                # TYPE batch_size histogram
                batch_size_bucket{le="1"} 1
                batch_size_bucket{le="8"} 2
                batch_size_bucket{le="64"} 2
                batch_size_bucket{le="+Inf"} 3
                batch_size_sum 106
                batch_size_count 3
                """);
    }
}
