package org.octflow.gateway.query;

import java.time.Instant;

/** One scan's progress; {@code prediction} is set once a worker answered. */
public record ScanView(String scanId, String batchId, int position, String status, String encoding, int width,
                       int height, Instant submittedAt, Instant completedAt, String errorCode, String errorReason,
                       PredictionView prediction) {
}
