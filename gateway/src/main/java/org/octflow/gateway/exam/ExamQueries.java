package org.octflow.gateway.exam;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.query.PageView;
import org.octflow.gateway.query.PredictionQueries;
import org.octflow.gateway.scan.ScanStatus;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exams read from both ways in: gateway scans with an exam id (PENDING ones included) and predictions that carry one
 * (scans sent straight to Kafka too). Results are derived on every read, so a review changes its exam's result at
 * once, and the review's audit row is the record of that change.
 */
@ApplicationScoped
@Transactional
public class ExamQueries {
    private static final String B_SCANS = """
            WITH ids AS (SELECT id AS scan_id FROM scan WHERE exam_id = :exam
                         UNION SELECT scan_id FROM prediction WHERE exam_id = :exam)
            SELECT ids.scan_id, COALESCE(s.laterality, p.laterality), COALESCE(s.status, p.status), p.label,
                   (SELECT r.final_label FROM scan_review r WHERE r.scan_id = ids.scan_id
                    ORDER BY r.reviewed_at DESC, r.id DESC LIMIT 1),
                   COALESCE(s.submitted_at, p.predicted_at) AS at, COALESCE(s.position, 0) AS position
            FROM ids LEFT JOIN scan s ON s.id = ids.scan_id LEFT JOIN prediction p ON p.scan_id = ids.scan_id
            ORDER BY at, position, ids.scan_id""";
    private static final String EXAMS = """
            SELECT exam_id, count(DISTINCT scan_id), max(at) FROM (
                SELECT exam_id, id AS scan_id, submitted_at AS at FROM scan WHERE exam_id IS NOT NULL
                UNION ALL SELECT exam_id, scan_id, predicted_at FROM prediction WHERE exam_id IS NOT NULL) x
            GROUP BY exam_id ORDER BY max(at) DESC, exam_id""";

    private final EntityManager entityManager;
    private final ExamRule rule;

    public ExamQueries(EntityManager entityManager, GatewayConfig config) {
        this.entityManager = entityManager;
        this.rule = new ExamRule(config.exams().severity(), new HashSet<>(config.exams().referable()));
    }

    /** The exam with one result per eye; empty if no scan names it. */
    public Optional<ExamView> exam(String examId) {
        List<Object[]> rows = rows(entityManager.createNativeQuery(B_SCANS).setParameter("exam", examId)
                .getResultList());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<BScan>> byEye = new LinkedHashMap<>();
        for (Object[] row : rows) {
            BScan b = new BScan((String) row[0], text(row[1]), ScanStatus.valueOf(text(row[2])), text(row[3]),
                    text(row[4]));
            byEye.computeIfAbsent(b.laterality() == null ? "" : b.laterality(), eye -> new ArrayList<>()).add(b);
        }
        List<ExamView.Eye> eyes = new ArrayList<>();
        byEye.forEach((eye, bScans) -> eyes.add(new ExamView.Eye(eye.isEmpty() ? null : eye, rule.apply(bScans),
                bScans)));
        return Optional.of(new ExamView(examId, eyes));
    }

    /** Exams, the most recently active first, each with its result. */
    public PageView<ExamSummaryView> exams(int page, int size) {
        PredictionQueries.checkPage(page, size);
        long total = ((Number) entityManager.createNativeQuery("SELECT count(*) FROM (" + EXAMS + ") e")
                .getSingleResult()).longValue();
        List<ExamSummaryView> items = new ArrayList<>();
        for (Object[] row : rows(entityManager.createNativeQuery(EXAMS).setFirstResult(page * size)
                .setMaxResults(size).getResultList())) {
            String examId = (String) row[0];
            items.add(new ExamSummaryView(examId, ((Number) row[1]).longValue(), instant(row[2]),
                    exam(examId).orElse(new ExamView(examId, List.of()))));
        }
        return new PageView<>(items, page, size, total, (int) ((total + size - 1) / size));
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(List<?> result) {
        return (List<Object[]>) result;
    }

    /** Native results give a one-character column (laterality) as a Character. */
    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant at) {
            return at;
        }
        if (value instanceof OffsetDateTime at) {
            return at.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
