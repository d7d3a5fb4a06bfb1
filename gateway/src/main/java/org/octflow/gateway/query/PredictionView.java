package org.octflow.gateway.query;

import org.octflow.gateway.prediction.ClassScore;

import java.time.Instant;
import java.util.List;

/** A stored prediction with the model that made it and how long it took. */
public record PredictionView(String scanId, String batchId, String label, double topProbability, String status,
                             List<ClassScore> probabilities, ModelView model, String workerId, Long queuedMicros,
                             Long inferenceMicros, Integer modelBatchSize, Instant predictedAt, Instant storedAt) {

    public record ModelView(String name, String version, String sha256) {
    }
}
