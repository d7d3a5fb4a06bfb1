package org.octflow.contracts.records;

import org.apache.kafka.common.header.Header;
import org.octflow.contracts.ContractLimits;

import java.nio.charset.StandardCharsets;

/**
 * How a record's size is counted, as Kafka's producer counts it, against the limits {@link ContractLimits} owns (kept
 * in the pure contracts module because the topic specs and the gateway's upload checks need the numbers without Kafka).
 */
public final class RecordLimits {
    /** {@link ContractLimits#MAX_RECORD_BYTES}, beside the counting that checks it. */
    public static final int MAX_RECORD_BYTES = ContractLimits.MAX_RECORD_BYTES;
    /** {@link ContractLimits#MAX_SCAN_BATCH_BYTES}, beside the counting that checks it. */
    public static final int MAX_SCAN_BATCH_BYTES = ContractLimits.MAX_SCAN_BATCH_BYTES;

    /** Kafka's v2 record batch header, paid once by a record sent alone. */
    private static final int BATCH_OVERHEAD = 61;
    /** The widest length prefix (5), attributes (1), timestamp delta (varlong, 10) and offset delta (varint, 5). */
    private static final int RECORD_FIXED_UPPER_BOUND = 5 + 1 + 10 + 5;

    private RecordLimits() {
    }

    /**
     * An upper bound of the bytes a record takes alone in a batch, counted as the producer counts it against
     * {@code max.request.size} (Kafka's record format v2, no compression).
     */
    public static int recordBytes(byte[] key, byte[] value, Header[] headers) {
        int body = RECORD_FIXED_UPPER_BOUND + field(key) + field(value);
        Header[] all = headers == null ? new Header[0] : headers;
        body += varintBytes(all.length);
        for (Header header : all) {
            body += field(header.key().getBytes(StandardCharsets.UTF_8)) + field(header.value());
        }
        return BATCH_OVERHEAD + body;
    }

    public static boolean fits(byte[] key, byte[] value, Header[] headers) {
        return recordBytes(key, value, headers) <= MAX_RECORD_BYTES;
    }

    /** The longest value that still fits in a record with this key and these headers. */
    public static int maxValueBytes(byte[] key, Header[] headers) {
        int length = MAX_RECORD_BYTES - recordBytes(key, new byte[0], headers);
        while (length > 0 && recordBytes(key, new byte[length], headers) > MAX_RECORD_BYTES) {
            length--;
        }
        return length;
    }

    /** A length-prefixed field; null is written as length -1. */
    private static int field(byte[] bytes) {
        return bytes == null ? varintBytes(-1) : varintBytes(bytes.length) + bytes.length;
    }

    /** Bytes of a zig-zag varint, as Kafka writes lengths. */
    private static int varintBytes(int value) {
        int zigzag = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((zigzag & 0xffffff80) != 0) {
            bytes++;
            zigzag >>>= 7;
        }
        return bytes;
    }
}
