package org.octflow.gateway.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.octflow.gateway.config.GatewayConfig;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The rows of report_delivery (V12): which exams' reports the DICOMweb server still needs. A prediction or review
 * marks its exam due in its own transaction ({@link #changed}); {@link ReportDelivery} claims due rows for a lease and
 * records each outcome. The {@code changes} count makes a change that commits during a send leave the row due.
 */
@ApplicationScoped
public class ReportDeliveries {
    /** A claimed row is skipped by other claims for this long: longer than a send may take (its timeout is 30 s). */
    static final Duration LEASE = Duration.ofSeconds(60);
    private static final int MAX_ERROR_CHARS = 500;

    private final EntityManager entityManager;
    private final Clock clock;
    private final boolean enabled;

    public ReportDeliveries(EntityManager entityManager, Clock clock, GatewayConfig config) {
        this.entityManager = entityManager;
        this.clock = clock;
        this.enabled = config.reports().stowUrl().isPresent();
    }

    /** A claimed delivery: the exam and the change count it was claimed at. */
    public record Claim(String examId, long changes, int attempts, String sentUid) {
    }

    /** Marks the exam's report due now, inside the caller's transaction; nothing when no STOW-RS server is set. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(String examId) {
        if (!enabled || examId == null) {
            return;
        }
        entityManager.createNativeQuery("""
                        INSERT INTO report_delivery (exam_id, due_at, changes) VALUES (:exam, :now, 1)
                        ON CONFLICT (exam_id) DO UPDATE SET due_at = EXCLUDED.due_at, attempts = 0,
                            changes = report_delivery.changes + 1""")
                .setParameter("exam", examId).setParameter("now", Timestamp.from(clock.instant())).executeUpdate();
    }

    /** Up to {@code limit} due rows, leased so that another gateway skips them while this one sends. */
    @Transactional
    public List<Claim> claimDue(int limit) {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT exam_id, changes, attempts, sent_uid FROM report_delivery
                        WHERE due_at <= :now ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .setParameter("now", Timestamp.from(now)).setParameter("limit", limit).getResultList();
        List<Claim> claims = rows.stream().map(row -> new Claim((String) row[0], ((Number) row[1]).longValue(),
                ((Number) row[2]).intValue(), (String) row[3])).toList();
        for (Claim claim : claims) {
            entityManager.createNativeQuery("UPDATE report_delivery SET due_at = :lease WHERE exam_id = :exam")
                    .setParameter("lease", Timestamp.from(now.plus(LEASE))).setParameter("exam", claim.examId())
                    .executeUpdate();
        }
        return claims;
    }

    /** The server has instance {@code uid}: nothing more is due unless the exam changed meanwhile. */
    @Transactional
    public void delivered(Claim claim, String uid) {
        entityManager.createNativeQuery("""
                        UPDATE report_delivery SET sent_uid = :uid, sent_at = :now, attempts = 0, last_error = NULL,
                            due_at = CASE WHEN changes = :changes THEN NULL ELSE due_at END
                        WHERE exam_id = :exam""")
                .setParameter("uid", uid).setParameter("now", Timestamp.from(clock.instant()))
                .setParameter("changes", claim.changes()).setParameter("exam", claim.examId()).executeUpdate();
    }

    /** Nothing to send (no result yet, or the server already has this version) unless the exam changed meanwhile. */
    @Transactional
    public void nothingToSend(Claim claim) {
        entityManager.createNativeQuery("""
                        UPDATE report_delivery SET attempts = 0, last_error = NULL,
                            due_at = CASE WHEN changes = :changes THEN NULL ELSE due_at END
                        WHERE exam_id = :exam""")
                .setParameter("changes", claim.changes()).setParameter("exam", claim.examId()).executeUpdate();
    }

    /** The send failed: due again after {@code backoff}, sooner if the exam changed meanwhile. */
    @Transactional
    public void failed(Claim claim, String error, Duration backoff) {
        entityManager.createNativeQuery("""
                        UPDATE report_delivery SET attempts = attempts + 1, last_error = :error,
                            due_at = CASE WHEN changes = :changes THEN :retry ELSE due_at END
                        WHERE exam_id = :exam""")
                .setParameter("error", error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error)
                .setParameter("changes", claim.changes())
                .setParameter("retry", Timestamp.from(clock.instant().plus(backoff)))
                .setParameter("exam", claim.examId()).executeUpdate();
    }
}
