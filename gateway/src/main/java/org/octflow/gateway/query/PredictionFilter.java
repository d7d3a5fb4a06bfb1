package org.octflow.gateway.query;

import java.time.Instant;

/** Optional filters of a prediction search; null means "any". {@code to} is exclusive. */
public record PredictionFilter(String batchId, String label, String status, String modelName, String modelVersion,
                               Instant from, Instant to) {
}
