package org.octflow.gateway.query;

import org.octflow.gateway.prediction.ClassScore;
import org.octflow.gateway.prediction.Evidence;

import java.time.Instant;
import java.util.List;

/**
 * A stored prediction with the model that made it and how long it took.
 *
 * @param evidence where in the scan the model found the evidence for the label; null for models that give none
 */
public record PredictionView(String scanId, String batchId, String label, double topProbability, String status,
                             List<ClassScore> probabilities, Evidence evidence, ModelView model, String workerId, Long queuedMicros,
                             Long inferenceMicros, Integer modelBatchSize, Instant predictedAt, Instant storedAt) {

    public record ModelView(String name, String version, String sha256) {
    }
}
