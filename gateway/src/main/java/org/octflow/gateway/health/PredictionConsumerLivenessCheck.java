package org.octflow.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.octflow.gateway.prediction.PredictionConsumer;
import org.octflow.gateway.prediction.StorageProgress;

import java.time.Duration;

/**
 * Alive while the gateway's own prediction consumer runs and moves: if its thread died, or is stuck in one step far
 * longer than any Kafka or database call may take, only a restart brings predictions back.
 */
@Liveness
@ApplicationScoped
public class PredictionConsumerLivenessCheck implements HealthCheck {
    /** Longer than the longest single step: a commit's timeout plus a database call plus retry pauses. */
    static final Duration HUNG_AFTER = Duration.ofSeconds(120);

    private final PredictionConsumer consumer;
    private final StorageProgress progress;

    public PredictionConsumerLivenessCheck(PredictionConsumer consumer, StorageProgress progress) {
        this.consumer = consumer;
        this.progress = progress;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("prediction-consumer");
        if (!consumer.isRunning()) {
            return response.withData("reason", "the consumer thread stopped; see the log").down().build();
        }
        Duration stuck = progress.sinceTick();
        if (stuck.compareTo(HUNG_AFTER) > 0) {
            return response.withData("reason", "the consumer loop has not moved for " + stuck.toSeconds() + " s")
                    .down().build();
        }
        return response.up().build();
    }
}
