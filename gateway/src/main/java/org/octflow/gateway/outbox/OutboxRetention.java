package org.octflow.gateway.outbox;

import org.octflow.contracts.Failures;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.octflow.gateway.config.GatewayConfig;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps patient data out of the outbox once it is no longer needed, on a schedule of its own: sent rows (already
 * emptied when Kafka acknowledged them) and unsent rows past {@code octflow.outbox.unsent-retention}. Its own daemon
 * thread rather than the Quarkus scheduler, which is not among the gateway's dependencies.
 */
@ApplicationScoped
public class OutboxRetention {
    private static final Logger LOG = Logger.getLogger(OutboxRetention.class);

    private final OutboxRows rows;
    private final Duration unsentRetention;
    private final Duration interval;
    private ScheduledExecutorService schedule;

    public OutboxRetention(OutboxRows rows, GatewayConfig config) {
        this.rows = rows;
        this.unsentRetention = config.outbox().unsentRetention();
        this.interval = config.outbox().purgeInterval();
    }

    void onStart(@Observes StartupEvent event) {
        schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "octflow-outbox-retention");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(this::purge, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }

    /** One purge; a failure (the database away) is logged and the next run tries again. */
    void purge() {
        try {
            OutboxRows.Purged purged = rows.purge(unsentRetention);
            if (purged.expiredRows() > 0) {
                LOG.warnf("outbox: %d row(s) never published within %s were deleted with their images and metadata;"
                        + " %d scan(s) marked FAILED (%s): they must be submitted again", purged.expiredRows(),
                        unsentRetention, purged.failedScans(), OutboxRows.NOT_PUBLISHED);
            }
            LOG.debugf("outbox: purged %d sent row(s)", purged.sentRows());
        } catch (RuntimeException e) {
            LOG.warnf("outbox: could not purge old rows (%s); trying again in %s", Failures.rootMessage(e),
                    interval);
        }
    }
}
