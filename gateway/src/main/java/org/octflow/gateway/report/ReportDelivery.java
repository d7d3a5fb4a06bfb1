package org.octflow.gateway.report;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.octflow.contracts.Failures;
import org.octflow.gateway.api.NotFoundProblem;
import org.octflow.gateway.config.GatewayConfig;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stores each exam's SR on the configured DICOMweb server ({@code octflow.reports.stow-url}) when the exam gets its
 * result and again after each change (a review), on a daemon thread of its own. Due exams come from
 * {@link ReportDeliveries}; a failed send is retried after a backoff doubling from the interval to the maximum. A
 * report the server already has (same SOP Instance UID) is not sent again.
 */
@ApplicationScoped
public class ReportDelivery {
    private static final Logger LOG = Logger.getLogger(ReportDelivery.class);
    private static final int BATCH = 20;

    private final ReportDeliveries deliveries;
    private final ExamReports reports;
    private final Optional<URI> stowUrl;
    private final Duration interval;
    private final Duration maxBackoff;
    private ScheduledExecutorService schedule;

    public ReportDelivery(ReportDeliveries deliveries, ExamReports reports, GatewayConfig config) {
        this.deliveries = deliveries;
        this.reports = reports;
        this.stowUrl = config.reports().stowUrl();
        this.interval = config.reports().stowInterval();
        this.maxBackoff = config.reports().stowMaxBackoff();
    }

    void onStart(@Observes StartupEvent event) {
        if (stowUrl.isEmpty()) {
            return;
        }
        StowClient client = new StowClient(stowUrl.get());
        schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "octflow-report-delivery");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(() -> deliverDue(client), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.infof("reports: storing each exam's SR on %s by STOW-RS", stowUrl.get());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }

    /** The wait before retry {@code attempt} (1 = the first retry): the interval doubled per attempt, capped. */
    static Duration backoff(Duration interval, Duration max, int attempt) {
        Duration wait = interval.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
        return wait.compareTo(max) > 0 ? max : wait;
    }

    void deliverDue(StowClient client) {
        try {
            List<ReportDeliveries.Claim> claims = deliveries.claimDue(BATCH);
            for (ReportDeliveries.Claim claim : claims) {
                deliver(client, claim);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("reports: could not look for due deliveries (%s); trying again in %s", Failures.rootMessage(e),
                    interval);
        }
    }

    private void deliver(StowClient client, ReportDeliveries.Claim claim) throws InterruptedException {
        ExamFindings findings;
        try {
            findings = reports.findings(claim.examId());
        } catch (ReportUnavailable | NotFoundProblem e) {
            deliveries.nothingToSend(claim); // no result yet: the change that gives it one marks it due again
            return;
        }
        String uid = findings.reportUid();
        if (uid.equals(claim.sentUid())) {
            deliveries.nothingToSend(claim);
            return;
        }
        try {
            client.store(reports.dicomSr(findings), uid);
            deliveries.delivered(claim, uid);
            LOG.debugf("reports: exam %s: SR %s stored", claim.examId(), uid);
        } catch (StowClient.StowFailed e) {
            Duration wait = backoff(interval, maxBackoff, claim.attempts() + 1);
            deliveries.failed(claim, e.getMessage(), wait);
            LOG.warnf("reports: exam %s: SR not stored, attempt %d (%s); retrying in %s", claim.examId(),
                    claim.attempts() + 1, e.getMessage(), wait);
        }
    }
}
