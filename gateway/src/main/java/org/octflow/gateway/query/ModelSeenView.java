package org.octflow.gateway.query;

import java.time.Instant;

/** A model that made predictions, identified by name, version and the sha256 of its ONNX file. */
public record ModelSeenView(String name, String version, String sha256, long predictions, Instant firstPredictedAt,
                            Instant lastPredictedAt) {
}
