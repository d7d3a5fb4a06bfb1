package org.octflow.contracts;

/** Kafka record headers of contract version 1. Values are UTF-8 strings. */
public final class Headers {
    /** On every record: the Protobuf message type, e.g. "octflow.v1.ScanBatch". */
    public static final String MESSAGE_TYPE = "octflow-message-type";
    /** On every record: the contract version, "1". */
    public static final String SCHEMA_VERSION = "octflow-schema-version";
    /** Optional on scans: a W3C trace context, passed through to predictions. */
    public static final String TRACEPARENT = "traceparent";

    /** Dead letters: an {@code ErrorCode} name, e.g. "UNDECODABLE_IMAGE". */
    public static final String ERROR_CODE = "octflow-error-code";
    /** Dead letters: what was wrong, for people. */
    public static final String ERROR_REASON = "octflow-error-reason";
    /** Dead letters: the scan rejected, when the record could be parsed. */
    public static final String ERROR_SCAN_ID = "octflow-error-scan-id";
    /** Dead letters: where the original record was, "topic/partition/offset". */
    public static final String ORIGIN = "octflow-origin";
    /**
     * Dead letters: hex sha256 of the value of the scans record the letter answers (the whole original, also when the
     * letter holds one scan of it or none). A reader that knows the bytes it sent applies the letter only to the scans
     * of that very record; absent from older workers, whose letters readers take by id alone.
     */
    public static final String SOURCE_SHA256 = "octflow-source-sha256";
    /** Dead letters cut down to fit: why and where the full bytes are. Absent on a complete copy. */
    public static final String CUT_DOWN = "octflow-cut-down";
    /** Dead letters cut down to fit: hex sha256 of the original value, to match it with the original record. */
    public static final String ORIGINAL_SHA256 = "octflow-original-sha256";
    /** Dead letters cut down to fit: the original value's size in bytes. */
    public static final String ORIGINAL_BYTES = "octflow-original-bytes";

    public static final String SCHEMA_VERSION_1 = "1";
    public static final String SCAN_BATCH_TYPE = "octflow.v1.ScanBatch";
    public static final String PREDICTION_BATCH_TYPE = "octflow.v1.PredictionBatch";

    private Headers() {
    }
}
