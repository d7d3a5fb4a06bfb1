package org.octflow.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.octflow.gateway.kafka.KafkaRefusals;

/**
 * Not ready while Kafka refuses the gateway (credentials, certificate, ACLs): no wait fixes that, and a rollout with a
 * wrong secret must stop at its first pod. Kafka being away does not count here: the outbox is there for that.
 */
@Readiness
@ApplicationScoped
public class KafkaAccessReadinessCheck implements HealthCheck {
    private final KafkaRefusals refusals;

    public KafkaAccessReadinessCheck(KafkaRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kafka-access");
        var refused = refusals.current();
        if (refused.isEmpty()) {
            return response.up().build();
        }
        refused.forEach(response::withData);
        return response.down().build();
    }
}
