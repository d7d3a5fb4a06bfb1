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

    /** Marks rows sent: Kafka acknowledged them. */
    public void markSent(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().timeout(10).run(() -> entityManager.createNativeQuery(
                        "UPDATE outbox SET sent_at = now(), claimed_until = NULL WHERE id IN (:ids)")
                .setParameter("ids", ids).executeUpdate());
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
