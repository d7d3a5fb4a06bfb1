package org.octflow.gateway.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Optional filters of a prediction search; null means "any". {@code to} is exclusive. */
public record PredictionFilter(String batchId, String label, String status, String modelName, String modelVersion,
                               Instant from, Instant to) {

    /**
     * Adds a JPQL condition and its parameter to {@code where} and {@code params} for every filter set but the status
     * (whose parsing is the caller's). {@code prefix} is "" for a Panache query, or an alias and a dot.
     */
    void addConditions(String prefix, List<String> where, Map<String, Object> params) {
        add(where, params, prefix + "batchId = :batchId", "batchId", batchId);
        add(where, params, prefix + "label = :label", "label", label);
        add(where, params, prefix + "modelName = :modelName", "modelName", modelName);
        add(where, params, prefix + "modelVersion = :modelVersion", "modelVersion", modelVersion);
        add(where, params, prefix + "predictedAt >= :from", "from", from);
        add(where, params, prefix + "predictedAt < :to", "to", to);
    }

    private static void add(List<String> where, Map<String, Object> params, String condition, String name,
                            Object value) {
        if (value != null) {
            where.add(condition);
            params.put(name, value);
        }
    }
}
