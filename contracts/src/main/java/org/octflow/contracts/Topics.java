package org.octflow.contracts;

/**
 * Kafka topics of contract version 1. Scans and predictions are keyed by batch id, so every
 * message about one batch lands on one partition, in order.
 */
public final class Topics {
    /** ScanBatch values, key = batch id. Consumed by the inference workers' consumer group. */
    public static final String SCANS = "octflow.scans.v1";
    /** PredictionBatch values, key = batch id. Written transactionally by workers; read with read_committed. */
    public static final String PREDICTIONS = "octflow.predictions.v1";
    /**
     * Dead letters, key = the original key. Either the original record's bytes (a malformed message) or a
     * ScanBatch holding just the rejected scan, with {@link Headers#ERROR_CODE} and {@link Headers#ERROR_REASON}.
     */
    public static final String SCANS_DEAD_LETTER = "octflow.scans.dlq.v1";

    private Topics() {
    }
}
