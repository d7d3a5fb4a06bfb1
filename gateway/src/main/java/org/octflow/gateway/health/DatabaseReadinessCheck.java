package org.octflow.gateway.health;

import org.octflow.contracts.Failures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.octflow.gateway.config.DatabaseFailures;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ready only while the database answers, and said within {@link #ANSWER_WITHIN} whatever the database does: the
 * probe runs on its own thread, which may wait for the pool's acquisition timeout during an outage, and a check
 * that comes while a probe is still waiting joins it instead of starting another. Replaces Quarkus' own datasource
 * check, which blocks the health endpoint for as long as the pool waits.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    private static final int VALID_WITHIN_SECONDS = 2;

    private final AgroalDataSource dataSource;
    private final ExecutorService probes = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "octflow-database-readiness");
        thread.setDaemon(true);
        return thread;
    });
    private Future<Boolean> probe;

    public DatabaseReadinessCheck(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onStop(@Observes ShutdownEvent event) {
        probes.shutdownNow();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        try {
            if (currentProbe().get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                return response.up().build();
            }
            return response.withData("reason", "the database connection is not valid; see the log").down().build();
        } catch (TimeoutException e) {
            return response.withData("reason", "the database did not answer within " + ANSWER_WITHIN.toMillis()
                    + " ms; submissions and queries answer 503 until it does").down().build();
        } catch (ExecutionException e) {
            return response.withData("reason", "the database is unavailable: " + Failures.rootMessage(e.getCause()))
                    .down().build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.withData("reason", "interrupted").down().build();
        }
    }

    private synchronized Future<Boolean> currentProbe() {
        if (probe == null || probe.isDone()) {
            probe = probes.submit(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    return connection.isValid(VALID_WITHIN_SECONDS);
                }
            });
        }
        return probe;
    }
}
