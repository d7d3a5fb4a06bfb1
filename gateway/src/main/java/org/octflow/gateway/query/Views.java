package org.octflow.gateway.query;

import org.octflow.gateway.prediction.StoredPrediction;
import org.octflow.gateway.scan.Scan;

/** Entity to API view mapping, kept apart so the entities never leave the persistence layer. */
final class Views {
    private Views() {
    }

    static PredictionView of(StoredPrediction p) {
        return new PredictionView(p.scanId, p.batchId, p.label, p.topProbability, p.status.name(), p.probabilities,
                p.evidence,
                new PredictionView.ModelView(p.modelName, p.modelVersion, p.modelSha256), p.workerId, p.queuedMicros,
                p.inferenceMicros, p.modelBatchSize, p.predictedAt, p.storedAt);
    }

    static ScanView of(Scan s, StoredPrediction prediction) {
        return new ScanView(s.id, s.batchId, s.position, s.status.name(), s.encoding, s.width, s.height,
                s.submittedAt, s.completedAt, s.errorCode, s.errorReason, prediction == null ? null : of(prediction));
    }
}
