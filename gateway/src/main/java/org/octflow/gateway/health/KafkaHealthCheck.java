package org.octflow.gateway.health;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.octflow.gateway.kafka.KafkaClients;

import java.util.concurrent.TimeUnit;

/**
 * {@code /q/health/group/kafka}: whether a Kafka broker answers. Not part of readiness: without Kafka the gateway still
 * accepts scans into its outbox, which exists for exactly that.
 */
@HealthGroup("kafka")
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {
    private final KafkaClients kafka;

    public KafkaHealthCheck(KafkaClients kafka) {
        this.kafka = kafka;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kafka").withData("bootstrap.servers", kafka.bootstrapServers());
        try {
            int nodes = kafka.admin().describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
            return response.withData("nodes", nodes).up().build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.withData("error", "interrupted").down().build();
        } catch (Exception e) {
            return response.withData("error", e.getClass().getSimpleName() + ": the broker did not answer within 3 s")
                    .down().build();
        }
    }
}
