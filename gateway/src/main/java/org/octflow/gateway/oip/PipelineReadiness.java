package org.octflow.gateway.oip;

import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * The gateway's own readiness (the checks behind {@code /q/health/ready}: the database answers, predictions are
 * stored, Kafka answered once and does not refuse the gateway), asked at most once a second: {@code /v2} asks it for
 * every infer call and every ready probe, and each asking queries the database.
 */
@ApplicationScoped
public class PipelineReadiness {
    private static final long FRESH_NANOS = Duration.ofSeconds(1).toNanos();

    private record Answer(long atNanos, Optional<String> down) {
    }

    private final SmallRyeHealthReporter health;
    private volatile Answer last;

    public PipelineReadiness(SmallRyeHealthReporter health) {
        this.health = health;
    }

    /** Empty when ready, else what is down (the names of the failing checks). */
    public Optional<String> down() {
        Answer answer = last;
        long now = System.nanoTime();
        if (answer == null || now - answer.atNanos() > FRESH_NANOS) {
            var readiness = health.getReadiness();
            Optional<String> down = readiness.isDown() ? Optional.of(failing(readiness.getPayload()))
                    : Optional.empty();
            answer = new Answer(now, down);
            last = answer;
        }
        return answer.down();
    }

    private static String failing(jakarta.json.JsonObject payload) {
        var checks = payload.getJsonArray("checks");
        if (checks == null) {
            return "the gateway is not ready";
        }
        return checks.getValuesAs(jakarta.json.JsonObject.class).stream()
                .filter(check -> "DOWN".equals(check.getString("status", "")))
                .map(check -> check.getString("name", "?"))
                .reduce((a, b) -> a + ", " + b).map(names -> "not ready: " + names + " (see /q/health/ready)")
                .orElse("the gateway is not ready");
    }
}
