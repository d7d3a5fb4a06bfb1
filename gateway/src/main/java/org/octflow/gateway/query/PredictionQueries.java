package org.octflow.gateway.query;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.octflow.gateway.prediction.StoredPrediction;
import org.octflow.gateway.scan.Scan;
import org.octflow.gateway.scan.ScanStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Searches and statistics over stored predictions. */
@ApplicationScoped
@Transactional
public class PredictionQueries {
    public static final int MAX_PAGE_SIZE = 200;
    /** The longest throughput window: ten years covers any real use and keeps the start a date PostgreSQL holds. */
    public static final Duration MAX_WINDOW = Duration.ofDays(3650);
    private static final Map<String, String> SORTABLE = Map.of(
            "predictedAt", "predictedAt", "storedAt", "storedAt", "label", "label",
            "topProbability", "topProbability", "modelVersion", "modelVersion");

    private final EntityManager entityManager;
    private final Clock clock;

    public PredictionQueries(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** Filters are optional and combine with AND; {@code sort} is a field name, prefixed with '-' for descending. */
    public PageView<PredictionView> search(PredictionFilter filter, int page, int size, String sort) {
        checkPage(page, size);
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        // batchId also finds batches sent straight to Kafka by imaging systems: they have no scan rows.
        filter.addConditions("", where, params);
        if (filter.status() != null) {
            where.add("status = :status");
            params.put("status", parseStatus(filter.status()));
        }
        var query = StoredPrediction.<StoredPrediction>find(String.join(" and ", where), parseSort(sort), params)
                .page(Page.of(page, size));
        long total = query.count();
        List<PredictionView> items = query.list().stream().map(Views::of).toList();
        return new PageView<>(items, page, size, total, (int) ((total + size - 1) / size));
    }

    /** A page the database can be asked for: the first row's position must fit an int (page * size overflowed). */
    public static void checkPage(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidQueryException("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE
                    + " (got page=" + page + ", size=" + size + ")");
        }
        if ((long) page * size > Integer.MAX_VALUE) {
            throw new InvalidQueryException("page " + page + " of size " + size + " starts past row "
                    + Integer.MAX_VALUE + ", the last one the gateway pages to: narrow the search with from/to or"
                    + " another filter");
        }
    }

    /**
     * Counts over both ways in: scans uploaded to the gateway and scans imaging systems sent straight to Kafka (which
     * have no scan row, only their prediction or dead letter). DONE and REVIEW come from predictions; FAILED from
     * gateway scans plus scans known only from the dead-letter topic; PENDING only from gateway scans, the one path
     * where the gateway sees a scan before its answer. Dead letters of records that were no ScanBatch name no scan:
     * they are counted apart, as unreadable records.
     */
    public LabelCountsView labelCounts() {
        List<Object[]> rows = entityManager.createQuery(
                "select p.label, count(p) from StoredPrediction p group by p.label order by p.label", Object[].class)
                .getResultList();
        List<LabelCountsView.LabelCount> labels = rows.stream()
                .map(r -> new LabelCountsView.LabelCount((String) r[0], ((Number) r[1]).longValue())).toList();
        Map<String, Long> statuses = new TreeMap<>();
        for (ScanStatus status : ScanStatus.values()) {
            statuses.put(status.name(), 0L);
        }
        entityManager.createQuery("select p.status, count(p) from StoredPrediction p group by p.status",
                Object[].class).getResultList()
                .forEach(r -> statuses.put(((ScanStatus) r[0]).name(), ((Number) r[1]).longValue()));
        statuses.put(ScanStatus.PENDING.name(), Scan.count("status", ScanStatus.PENDING));
        Object[] failed = (Object[]) entityManager.createNativeQuery("""
                SELECT (SELECT count(*) FROM scan WHERE status = 'FAILED')
                     + (SELECT count(DISTINCT f.scan_id) FROM scan_failure f WHERE f.scan_id IS NOT NULL
                          AND NOT EXISTS (SELECT 1 FROM scan s WHERE s.id = f.scan_id)
                          AND NOT EXISTS (SELECT 1 FROM prediction p WHERE p.scan_id = f.scan_id)),
                       (SELECT count(*) FROM scan_failure WHERE scan_id IS NULL)""").getSingleResult();
        statuses.put(ScanStatus.FAILED.name(), ((Number) failed[0]).longValue());
        return new LabelCountsView(labels, statuses, ((Number) failed[1]).longValue());
    }

    public ThroughputView throughput(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new InvalidQueryException("window must be a positive ISO-8601 duration such as PT1H");
        }
        if (window.compareTo(MAX_WINDOW) > 0) {
            throw new InvalidQueryException("window " + window + " is longer than " + MAX_WINDOW + " (ten years), the"
                    + " longest the gateway sums over: ask for a shorter one such as P30D");
        }
        Instant until = clock.instant();
        Instant since = until.minus(window);
        long submitted = Scan.count("submittedAt >= ?1", since);
        Object[] row = entityManager.createQuery("select count(p), avg(p.queuedMicros), avg(p.inferenceMicros)"
                + " from StoredPrediction p where p.storedAt >= :since", Object[].class)
                .setParameter("since", since).getSingleResult();
        long stored = ((Number) row[0]).longValue();
        Object endToEnd = entityManager.createNativeQuery("SELECT avg(EXTRACT(EPOCH FROM p.stored_at - s.submitted_at))"
                + " FROM prediction p JOIN scan s ON s.id = p.scan_id WHERE p.stored_at >= ?1")
                .setParameter(1, since).getSingleResult();
        double minutes = window.toMillis() / 60_000.0;
        return new ThroughputView(since, until, submitted, stored, stored / minutes, microsToMillis(row[1]),
                microsToMillis(row[2]), endToEnd == null ? null : ((Number) endToEnd).doubleValue() * 1000);
    }

    public List<ModelSeenView> models() {
        return entityManager.createQuery("select p.modelName, p.modelVersion, p.modelSha256, count(p),"
                        + " min(p.predictedAt), max(p.predictedAt) from StoredPrediction p"
                        + " group by p.modelName, p.modelVersion, p.modelSha256 order by max(p.predictedAt) desc",
                Object[].class).getResultList().stream()
                .map(r -> new ModelSeenView((String) r[0], (String) r[1], (String) r[2], ((Number) r[3]).longValue(),
                        (Instant) r[4], (Instant) r[5]))
                .toList();
    }

    private static Double microsToMillis(Object value) {
        return value == null ? null : ((Number) value).doubleValue() / 1000;
    }

    private static ScanStatus parseStatus(String status) {
        try {
            ScanStatus parsed = ScanStatus.valueOf(status.toUpperCase(Locale.ROOT));
            if (parsed == ScanStatus.DONE || parsed == ScanStatus.REVIEW) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new InvalidQueryException("status '" + status + "' has no predictions: use DONE or REVIEW"
                + " (failed scans are listed in their batch)");
    }

    private static Sort parseSort(String sort) {
        String spec = sort == null || sort.isBlank() ? "-predictedAt" : sort.trim();
        boolean descending = spec.startsWith("-");
        String field = SORTABLE.get(descending ? spec.substring(1) : spec);
        if (field == null) {
            throw new InvalidQueryException("cannot sort by '" + spec + "': use one of " + SORTABLE.keySet()
                    + ", prefixed with '-' for descending");
        }
        Sort order = descending ? Sort.descending(field) : Sort.ascending(field);
        return order.and("scanId");
    }
}
