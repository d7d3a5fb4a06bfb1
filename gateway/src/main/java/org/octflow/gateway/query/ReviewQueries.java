package org.octflow.gateway.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import org.octflow.gateway.prediction.StoredPrediction;
import org.octflow.gateway.scan.ScanStatus;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The review queue and how reviewers' verdicts compare with the model's. */
@ApplicationScoped
@Transactional
public class ReviewQueries {
    /** Each scan's latest review: the one whose label is final. */
    private static final String LATEST_REVIEWS = "SELECT DISTINCT ON (scan_id) scan_id, final_label FROM scan_review"
            + " ORDER BY scan_id, reviewed_at DESC, id DESC";

    private final EntityManager entityManager;

    public ReviewQueries(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Predictions no reviewer has answered yet, oldest first: those the model sent to review, or with
     * {@code spotChecks} the auto-accepted (DONE) ones, for spot checks.
     */
    public PageView<PredictionView> queue(PredictionFilter filter, boolean spotChecks, int page, int size) {
        PredictionQueries.checkPage(page, size);
        List<String> where = new ArrayList<>(List.of("p.status = :status",
                "NOT EXISTS (SELECT r.id FROM ScanReview r WHERE r.scanId = p.scanId)"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("status", spotChecks ? ScanStatus.DONE : ScanStatus.REVIEW);
        filter.addConditions("p.", where, params);
        String condition = " FROM StoredPrediction p WHERE " + String.join(" AND ", where);
        TypedQuery<StoredPrediction> rows = entityManager.createQuery("SELECT p" + condition
                + " ORDER BY p.predictedAt, p.scanId", StoredPrediction.class);
        TypedQuery<Long> count = entityManager.createQuery("SELECT count(p)" + condition, Long.class);
        params.forEach((name, value) -> {
            rows.setParameter(name, value);
            count.setParameter(name, value);
        });
        long total = count.getSingleResult();
        List<PredictionView> items = rows.setFirstResult(page * size).setMaxResults(size).getResultList().stream()
                .map(Views::of).toList();
        return new PageView<>(items, page, size, total, (int) ((total + size - 1) / size));
    }

    /** Agreement per model version over predictions made in [from, to) (either may be null), by model name and version. */
    public List<AgreementView> agreement(String modelName, String modelVersion, Instant from, Instant to) {
        PredictionFilter filter = PredictionFilter.ofModel(modelName, modelVersion, from, to);
        Map<List<String>, Tally> tallies = new TreeMap<>(
                Comparator.<List<String>, String>comparing(model -> model.get(0)).thenComparing(model -> model.get(1)));

        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        addNativeFilters(filter, where, params);
        String condition = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);

        Query days = entityManager.createNativeQuery("SELECT p.model_name, p.model_version,"
                + " CAST(p.predicted_at AT TIME ZONE 'UTC' AS DATE), count(*),"
                + " count(*) FILTER (WHERE p.status = 'REVIEW') FROM prediction p" + condition
                + " GROUP BY 1, 2, 3 ORDER BY 3");
        params.forEach(days::setParameter);
        for (Object[] row : rows(days)) {
            tallies.computeIfAbsent(List.of((String) row[0], (String) row[1]), key -> new Tally())
                    .day(day(row[2]), number(row[3]), number(row[4]));
        }

        Query verdicts = entityManager.createNativeQuery("SELECT p.model_name, p.model_version, p.status, p.label,"
                + " l.final_label, count(*) FROM prediction p JOIN (" + LATEST_REVIEWS + ") l"
                + " ON l.scan_id = p.scan_id" + condition + " GROUP BY 1, 2, 3, 4, 5");
        params.forEach(verdicts::setParameter);
        for (Object[] row : rows(verdicts)) {
            tallies.computeIfAbsent(List.of((String) row[0], (String) row[1]), key -> new Tally())
                    .verdicts("DONE".equals(row[2]), (String) row[3], (String) row[4], number(row[5]));
        }
        List<AgreementView> views = new ArrayList<>();
        tallies.forEach((model, tally) -> views.add(tally.view(model.get(0), model.get(1))));
        return views;
    }

    private static void addNativeFilters(PredictionFilter filter, List<String> where, Map<String, Object> params) {
        if (filter.modelName() != null) {
            where.add("p.model_name = :modelName");
            params.put("modelName", filter.modelName());
        }
        if (filter.modelVersion() != null) {
            where.add("p.model_version = :modelVersion");
            params.put("modelVersion", filter.modelVersion());
        }
        if (filter.from() != null) {
            where.add("p.predicted_at >= :from");
            params.put("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("p.predicted_at < :to");
            params.put("to", filter.to());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query query) {
        return query.getResultList();
    }

    /** Hibernate 6 gives a DATE column as LocalDate, older drivers as java.sql.Date. */
    private static LocalDate day(Object value) {
        return value instanceof Date date ? date.toLocalDate() : (LocalDate) value;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    /** One model version's counts, gathered from the two queries. */
    private static final class Tally {
        private final List<AgreementView.DayShare> days = new ArrayList<>();
        private final Map<String, long[]> byModelLabel = new TreeMap<>();
        private final Map<String, long[]> byFinalLabel = new TreeMap<>();
        private long predicted;
        private long sentToReview;
        private long reviewed;
        private long agreed;
        private long spotChecked;
        private long spotCorrect;

        void day(LocalDate day, long dayPredicted, long daySentToReview) {
            days.add(new AgreementView.DayShare(day, dayPredicted, daySentToReview));
            predicted += dayPredicted;
            sentToReview += daySentToReview;
        }

        void verdicts(boolean spotCheck, String modelLabel, String finalLabel, long count) {
            boolean agrees = modelLabel.equals(finalLabel);
            if (spotCheck) {
                spotChecked += count;
                spotCorrect += agrees ? count : 0;
                return;
            }
            reviewed += count;
            agreed += agrees ? count : 0;
            long[] kept = byModelLabel.computeIfAbsent(modelLabel, label -> new long[2]);
            kept[0] += agrees ? count : 0;
            kept[1] += count;
            long[] found = byFinalLabel.computeIfAbsent(finalLabel, label -> new long[2]);
            found[0] += agrees ? count : 0;
            found[1] += count;
        }

        AgreementView view(String modelName, String modelVersion) {
            List<AgreementView.ClassAgreement> perClass = new ArrayList<>();
            TreeSet<String> labels = new TreeSet<>(byModelLabel.keySet());
            labels.addAll(byFinalLabel.keySet());
            for (String label : labels) {
                long[] kept = byModelLabel.getOrDefault(label, new long[2]);
                long[] found = byFinalLabel.getOrDefault(label, new long[2]);
                perClass.add(new AgreementView.ClassAgreement(label, Proportion.of(kept[0], kept[1]),
                        Proportion.of(found[0], found[1])));
            }
            return new AgreementView(modelName, modelVersion, Proportion.of(sentToReview, predicted),
                    Proportion.of(reviewed, sentToReview), Proportion.of(agreed, reviewed), perClass,
                    Proportion.of(spotCorrect, spotChecked), days);
        }
    }
}
