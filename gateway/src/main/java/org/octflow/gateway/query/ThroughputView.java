package org.octflow.gateway.query;

import java.time.Instant;

/**
 * Work done in a window: scans in, predictions out, and where the time went. {@code meanEndToEndMillis} runs from
 * the gateway accepting a scan to the gateway storing its prediction.
 */
public record ThroughputView(Instant since, Instant until, long scansSubmitted, long predictionsStored,
                             double predictionsPerMinute, Double meanQueuedMillis, Double meanInferenceMillis,
                             Double meanEndToEndMillis) {
}
