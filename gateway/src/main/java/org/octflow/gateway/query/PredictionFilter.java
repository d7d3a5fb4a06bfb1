package org.octflow.gateway.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Optional filters of a prediction search; null means "any". {@code to} is exclusive. {@code site} and {@code device}
 * match the scan's metadata values of those names exactly (kept for both ways in: ScanSiteDevice); {@code examId} the
 * exam the scan named.
 */
public record PredictionFilter(String batchId, String label, String status, String modelName, String modelVersion,
                               Instant from, Instant to, String site, String device, String examId) {

    /** Filters by model and time only. */
    public static PredictionFilter ofModel(String modelName, String modelVersion, Instant from, Instant to) {
        return new PredictionFilter(null, null, null, modelName, modelVersion, from, to, null, null, null);
    }

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
        add(where, params, prefix + "examId = :examId", "examId", examId);
        add(where, params, prefix + "scanId IN (SELECT d.scanId FROM ScanSiteDevice d WHERE d.site = :site)", "site",
                site);
        add(where, params, prefix + "scanId IN (SELECT d.scanId FROM ScanSiteDevice d WHERE d.device = :device)",
                "device", device);
    }

    private static void add(List<String> where, Map<String, Object> params, String condition, String name,
                            Object value) {
        if (value != null) {
            where.add(condition);
            params.put(name, value);
        }
    }
}
