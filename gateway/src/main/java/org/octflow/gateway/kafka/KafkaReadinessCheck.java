package org.octflow.gateway.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.TimeUnit;

/** Ready only when a Kafka broker answers: without it scans pile up in the outbox and no prediction arrives. */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {
    private final KafkaClients kafka;

    public KafkaReadinessCheck(KafkaClients kafka) {
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
            return response.withData("error", e.toString()).down().build();
        }
    }
}
