package org.octflow.contracts;

/**
 * The contract's sizes, each written once: what a Kafka record, a serialised ScanBatch and an error reason may hold.
 * Plain numbers, so the topic specs and modules without Kafka can read them; {@code RecordLimits} (contracts-kafka)
 * counts a record's bytes against them.
 */
public final class ContractLimits {
    /**
     * The largest record (key, value, headers and Kafka's framing) any OCTFlow producer sends: Kafka's default
     * {@code max.request.size}. Every topic of the contract accepts it (the broker's default
     * {@code message.max.bytes} is 12 bytes more).
     */
    public static final int MAX_RECORD_BYTES = 1_048_576;
    /**
     * The largest serialised ScanBatch a sender may write: what is left under {@link #MAX_RECORD_BYTES} for the key
     * (a batch id), the contract's headers and a trace context.
     */
    public static final int MAX_SCAN_BATCH_BYTES = 1_000_000;
    /**
     * The longest error reason kept: reasons are for people, and a dead-letter header or a database column
     * ({@code VARCHAR(2000)} in the gateway's schema) must stay small whatever an exception message holds.
     */
    public static final int MAX_REASON_CHARS = 2_000;

    private ContractLimits() {
    }

    /** {@code reason} cut to {@link #MAX_REASON_CHARS}, ending in "..." when it was cut; null stays null. */
    public static String reason(String reason) {
        if (reason == null || reason.length() <= MAX_REASON_CHARS) {
            return reason;
        }
        return reason.substring(0, MAX_REASON_CHARS - 3) + "...";
    }
}
