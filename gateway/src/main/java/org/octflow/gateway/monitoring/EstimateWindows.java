package org.octflow.gateway.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import org.octflow.gateway.prediction.ClassScore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a window of stored predictions, the latest first, capped. One statement: the time index (or the model index
 * when a model is named) orders and limits the scan, each row's site/device is one primary-key probe and its latest
 * review one probe of {@code scan_review_scan_idx}; a site or device filter uses V10's hash indexes.
 */
@ApplicationScoped
@Transactional
public class EstimateWindows {
    private static final TypeReference<List<ClassScore>> SCORES = new TypeReference<>() {
    };

    private final EntityManager entityManager;
    private final ObjectMapper json;

    public EstimateWindows(EntityManager entityManager, ObjectMapper json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    /** Filters of a window; null means any. {@code to} is exclusive. */
    public record Filter(String modelName, String modelVersion, String site, String device, Instant from,
                         Instant to) {
    }

    /** The latest {@code cap} predictions made in the window, newest first. */
    public List<WindowRow> latest(Filter filter, int cap) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        add(where, params, "p.model_name = :modelName", "modelName", filter.modelName());
        add(where, params, "p.model_version = :modelVersion", "modelVersion", filter.modelVersion());
        add(where, params, "d.site = :site", "site", filter.site());
        add(where, params, "d.device = :device", "device", filter.device());
        add(where, params, "p.predicted_at >= :from", "from", filter.from());
        add(where, params, "p.predicted_at < :to", "to", filter.to());
        Query query = entityManager.createNativeQuery("SELECT p.scan_id, p.model_name, p.model_version, d.site, d.device,"
                + " p.label, CAST(p.probabilities AS text), p.status,"
                + " (SELECT r.final_label FROM scan_review r WHERE r.scan_id = p.scan_id"
                + " ORDER BY r.reviewed_at DESC, r.id DESC LIMIT 1)"
                + " FROM prediction p LEFT JOIN scan_site_device d ON d.scan_id = p.scan_id"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY p.predicted_at DESC, p.scan_id DESC");
        params.forEach(query::setParameter);
        query.setMaxResults(cap);
        List<WindowRow> rows = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] c = (Object[]) row;
            rows.add(new WindowRow((String) c[0], (String) c[1], (String) c[2], (String) c[3], (String) c[4],
                    (String) c[5], scores((String) c[6]), "REVIEW".equals(c[7]), (String) c[8]));
        }
        return rows;
    }

    private List<ClassScore> scores(String stored) {
        try {
            return json.readValue(stored, SCORES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored prediction's probabilities are not a list of {label,"
                    + " probability}: " + e.getOriginalMessage(), e);
        }
    }

    private static void add(List<String> where, Map<String, Object> params, String condition, String name,
                            Object value) {
        if (value != null) {
            where.add(condition);
            params.put(name, value);
        }
    }
}
