package org.octflow.gateway.scan;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.octflow.contracts.Failures;
import org.octflow.gateway.config.GatewayConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes previews older than {@code octflow.previews.retention}, every {@code octflow.previews.purge-interval}, on a
 * daemon thread of its own (as {@code OutboxRetention} does). The scan, its prediction and reviews stay.
 */
@ApplicationScoped
public class PreviewRetention {
    private static final Logger LOG = Logger.getLogger(PreviewRetention.class);

    private final Duration retention;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService schedule;

    public PreviewRetention(GatewayConfig config, Clock clock) {
        this.retention = config.previews().retention();
        this.interval = config.previews().purgeInterval();
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "octflow-preview-retention");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(this::purgeQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }

    /** Deletes every preview past retention; returns how many. */
    public long purge() {
        return QuarkusTransaction.requiringNew().timeout(30).call(() ->
                ScanPreview.delete("createdAt < ?1", clock.instant().minus(retention)));
    }

    private void purgeQuietly() {
        try {
            long deleted = purge();
            LOG.debugf("previews: deleted %d past %s", deleted, retention);
        } catch (RuntimeException e) {
            LOG.warnf("previews: could not delete old previews (%s); trying again in %s", Failures.rootMessage(e),
                    interval);
        }
    }
}
