package org.octflow.gateway.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The outbox table as the publisher uses it: each call is one short transaction of its own, and never waits on
 * Kafka. Lease times are the database's clock, the one clock every gateway sharing the table agrees on.
 */
@ApplicationScoped
public class OutboxRows {
    /** The error code of a scan whose outbox row was purged before it could be published. */
    public static final String NOT_PUBLISHED = "NOT_PUBLISHED";
    /** A sent row holds no patient data, only its batch id and times: kept this long for whoever looks into a send. */
    static final Duration SENT_ROWS_KEPT = Duration.ofHours(1);
    private final EntityManager entityManager;

    public OutboxRows(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Claims up to {@code limit} unsent rows for {@code lease}: rows nobody holds, rows whose lease ran out, and rows
     * an earlier run of this same instance held ({@code owner} is {@code instance/run}). Never a row this run holds:
     * even with its lease run out it may be on its way to Kafka.
     */
    @SuppressWarnings("unchecked")
    public List<OutboxMessage> claim(String instance, String owner, int limit, Duration lease) {
        return QuarkusTransaction.requiringNew().timeout(10).call(() -> entityManager.createNativeQuery("""
                        UPDATE outbox SET claimed_by = :owner, claimed_until = now() + make_interval(secs => :lease),
                               attempts = attempts + 1
                        WHERE id IN (SELECT id FROM outbox
                                     WHERE sent_at IS NULL AND claimed_by IS DISTINCT FROM :owner
                                       AND (claimed_until IS NULL OR claimed_until < now()
                                            OR claimed_by LIKE :previousRuns)
                                     ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING *""", OutboxMessage.class)
                .setParameter("owner", owner)
                .setParameter("lease", (double) lease.toMillis() / 1000)
                .setParameter("previousRuns", instance.replace("%", "\\%").replace("_", "\\_") + "/%")
                .setParameter("limit", limit)
                .getResultList());
    }

    /**
     * Marks rows sent: Kafka acknowledged them. Their payload (image bytes and metadata, patient data) is emptied in
     * the same statement: nothing reads a sent row's payload again (crash recovery looks only at unsent rows, by key).
     */
    public void markSent(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().timeout(10).run(() -> entityManager.createNativeQuery(
                        "UPDATE outbox SET sent_at = now(), claimed_until = NULL, payload = decode('', 'hex')"
                                + " WHERE id IN (:ids)")
                .setParameter("ids", ids).executeUpdate());
    }

    /**
     * Deletes rows sent more than {@link #SENT_ROWS_KEPT} ago (only their key and times are left), and unsent rows
     * older than {@code unsentRetention} together with their payload; the PENDING scans of those become FAILED with
     * {@link #NOT_PUBLISHED}, so a client polling them hears why.
     */
    public Purged purge(Duration unsentRetention) {
        return QuarkusTransaction.requiringNew().timeout(30).call(() -> {
            double seconds = (double) unsentRetention.toMillis() / 1000;
            int failed = entityManager.createNativeQuery("""
                            UPDATE scan SET status = 'FAILED', completed_at = now(), error_code = :code,
                                   error_reason = :reason
                            WHERE status = 'PENDING' AND batch_id IN (
                                SELECT record_key FROM outbox
                                WHERE sent_at IS NULL AND created_at < now() - make_interval(secs => :retention))""")
                    .setParameter("code", NOT_PUBLISHED)
                    .setParameter("reason", "not published to Kafka within " + unsentRetention + " (octflow.outbox"
                            + ".unsent-retention); its image and metadata were deleted: submit the scan again")
                    .setParameter("retention", seconds).executeUpdate();
            int expired = entityManager.createNativeQuery("DELETE FROM outbox WHERE sent_at IS NULL"
                            + " AND created_at < now() - make_interval(secs => :retention)")
                    .setParameter("retention", seconds).executeUpdate();
            int sent = entityManager.createNativeQuery("DELETE FROM outbox WHERE sent_at < now()"
                            + " - make_interval(secs => :kept)")
                    .setParameter("kept", (double) SENT_ROWS_KEPT.toSeconds()).executeUpdate();
            return new Purged(sent, expired, failed);
        });
    }

    /** What one purge removed: sent rows, unsent rows past their retention, and the scans that failed with them. */
    public record Purged(int sentRows, int expiredRows, int failedScans) {
    }

    /** Extends this owner's lease on rows still being sent. */
    public void renew(Collection<Long> ids, String owner, Duration lease) {
        if (ids.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().timeout(10).run(() -> entityManager.createNativeQuery("""
                        UPDATE outbox SET claimed_until = now() + make_interval(secs => :lease)
                        WHERE id IN (:ids) AND claimed_by = :owner AND sent_at IS NULL""")
                .setParameter("lease", (double) lease.toMillis() / 1000)
                .setParameter("ids", ids).setParameter("owner", owner).executeUpdate());
    }

    /** Gives rows back that this owner never sent, so any publisher may take them at once. */
    public void release(Collection<Long> ids, String owner) {
        if (ids.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().timeout(10).run(() -> entityManager.createNativeQuery(
                        "UPDATE outbox SET claimed_until = NULL WHERE id IN (:ids) AND claimed_by = :owner")
                .setParameter("ids", ids).setParameter("owner", owner).executeUpdate());
    }

    public long unsent() {
        return QuarkusTransaction.requiringNew().timeout(10).call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM outbox WHERE sent_at IS NULL").getSingleResult()).longValue());
    }
}
