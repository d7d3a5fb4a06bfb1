package org.octflow.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.prediction.StorageProgress;

import java.time.Duration;

/**
 * Not ready while predictions wait because they cannot be stored (the database refuses them) for longer than
 * {@code octflow.health.storage-stall-after}. Kafka being away is not this gateway's fault and does not count: it
 * still accepts scans into its outbox (the {@code kafka} health group reports Kafka).
 */
@Readiness
@ApplicationScoped
public class PredictionStorageReadinessCheck implements HealthCheck {
    private final StorageProgress progress;
    private final Duration stallAfter;

    public PredictionStorageReadinessCheck(StorageProgress progress, GatewayConfig config) {
        this.progress = progress;
        this.stallAfter = config.health().storageStallAfter();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("prediction-storage");
        Duration failing = progress.storageFailingFor();
        if (failing.compareTo(stallAfter) > 0) {
            return response.withData("reason", "predictions have waited " + failing.toSeconds() + " s because they"
                    + " cannot be stored; see the log").down().build();
        }
        return response.up().build();
    }
}
