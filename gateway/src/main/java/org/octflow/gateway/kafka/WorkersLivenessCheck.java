package org.octflow.gateway.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.octflow.gateway.prediction.PredictionConsumer;

/** Alive while the prediction consumer thread runs; if it died, only a restart brings predictions back. */
@Liveness
@ApplicationScoped
public class WorkersLivenessCheck implements HealthCheck {
    private final PredictionConsumer consumer;

    public WorkersLivenessCheck(PredictionConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("prediction-consumer").status(consumer.isRunning()).build();
    }
}
