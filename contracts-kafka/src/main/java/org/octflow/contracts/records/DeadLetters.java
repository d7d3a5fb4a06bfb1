package org.octflow.contracts.records;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.octflow.contracts.ContractLimits;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.contracts.v1.ScanError;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.octflow.contracts.records.HeaderValues.utf8;

/**
 * Builds the records of the dead-letter topic. A dead letter always fits in a record: one that would not (the
 * original was near the size limit, and the error headers come on top) is cut down to its headers, the reason and a
 * digest of the original, which stays where it was. So a poison record can never stop a worker's transaction.
 */
public final class DeadLetters {
    /** A key longer than this (a batch id is ~36 bytes) is replaced by its digest in a cut-down letter. */
    static final int MAX_KEPT_KEY_BYTES = 1_024;

    private DeadLetters() {
    }

    /** A record that is no ScanBatch: its original key, bytes and headers, and why. */
    public static ProducerRecord<byte[], byte[]> ofRecord(RecordOrigin origin, byte[] key, byte[] value,
                                                          Header[] originalHeaders, ScanError error) {
        RecordHeaders headers = new RecordHeaders(originalHeaders == null ? new Header[0] : originalHeaders);
        String sourceSha256 = sha256(value);
        addReason(headers, error, null, origin, sourceSha256);
        return fitted(origin, key, value, headers, error, null, sourceSha256);
    }

    /**
     * One rejected scan of a good batch: a ScanBatch holding just that scan, and why. {@code sourceSha256} is
     * {@link #sha256} of the whole record's value, computed once by the caller for all the record's outcomes.
     */
    public static ProducerRecord<byte[], byte[]> ofScan(RecordOrigin origin, String sourceSha256, byte[] key,
                                                        ScanBatch batch, int index, ScanError error) {
        ScanBatch single = batch.toBuilder().clearScans().addScans(batch.getScans(index)).build();
        String scanId = batch.getScans(index).getScanId();
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.MESSAGE_TYPE, utf8(Headers.SCAN_BATCH_TYPE));
        headers.add(Headers.SCHEMA_VERSION, utf8(Headers.SCHEMA_VERSION_1));
        addReason(headers, error, scanId, origin, sourceSha256);
        return fitted(origin, key, single.toByteArray(), headers, error, scanId, sourceSha256);
    }

    /**
     * A record set aside because no outcome of it could be committed: only its headers, the reason and a digest go
     * to the dead-letter topic, whatever its size, so this letter itself cannot fail for the same cause.
     */
    public static ProducerRecord<byte[], byte[]> setAside(RecordOrigin origin, byte[] key, byte[] value,
                                                          Header[] originalHeaders, ScanError error) {
        RecordHeaders headers = new RecordHeaders(originalHeaders == null ? new Header[0] : originalHeaders);
        return cutDown(origin, key, value, headers, error, null, sha256(value),
                "the record was set aside without its value");
    }

    /** What a consumed dead letter's headers say: its code, reason, scan, origin and the original's digest. */
    public static DeadLetterHeaders read(org.apache.kafka.common.header.Headers headers) {
        return DeadLetterHeaders.of(headers);
    }

    /** True when the dead letter had to be cut down to fit. */
    public static boolean isCutDown(ProducerRecord<byte[], byte[]> letter) {
        return letter.headers().lastHeader(Headers.CUT_DOWN) != null;
    }

    private static ProducerRecord<byte[], byte[]> fitted(RecordOrigin origin, byte[] key, byte[] value,
                                                         RecordHeaders headers, ScanError error, String scanId,
                                                         String sourceSha256) {
        int size = RecordLimits.recordBytes(key, value, headers.toArray());
        if (size <= RecordLimits.MAX_RECORD_BYTES) {
            return new ProducerRecord<>(Topics.SCANS_DEAD_LETTER, null, key, value, headers);
        }
        return cutDown(origin, key, value, headers, error, scanId, sourceSha256, "the dead letter would take " + size
                + " bytes, over the " + RecordLimits.MAX_RECORD_BYTES + "-byte record limit, so it holds no value");
    }

    private static ProducerRecord<byte[], byte[]> cutDown(RecordOrigin origin, byte[] key, byte[] value,
                                                          RecordHeaders headers, ScanError error, String scanId,
                                                          String sourceSha256, String why) {
        RecordHeaders cut = new RecordHeaders();
        Header type = headers.lastHeader(Headers.MESSAGE_TYPE);
        if (type != null && type.value() != null && type.value().length <= 100) {
            cut.add(Headers.MESSAGE_TYPE, type.value());
        }
        cut.add(Headers.SCHEMA_VERSION, utf8(Headers.SCHEMA_VERSION_1));
        addReason(cut, error, scanId, origin, sourceSha256);
        int valueBytes = value == null ? 0 : value.length;
        cut.add(Headers.ORIGINAL_BYTES, utf8(Integer.toString(valueBytes)));
        cut.add(Headers.ORIGINAL_SHA256, utf8(sha256(value)));
        cut.add(Headers.CUT_DOWN, utf8(why + "; the original " + valueBytes + " bytes stay at " + origin
                + " until the topic's retention removes them"));
        byte[] keptKey = key == null || key.length <= MAX_KEPT_KEY_BYTES ? key : utf8("sha256:" + sha256(key));
        return new ProducerRecord<>(Topics.SCANS_DEAD_LETTER, null, keptKey, null, cut);
    }

    /**
     * Replaces whatever the original said about itself: a record copied into a letter could carry its own error or
     * source headers, and only the worker's word counts.
     */
    private static void addReason(RecordHeaders headers, ScanError error, String scanId, RecordOrigin origin,
                                  String sourceSha256) {
        headers.remove(Headers.ERROR_CODE).remove(Headers.ERROR_REASON).remove(Headers.ERROR_SCAN_ID)
                .remove(Headers.ORIGIN).remove(Headers.CUT_DOWN).remove(Headers.ORIGINAL_BYTES)
                .remove(Headers.ORIGINAL_SHA256).remove(Headers.SOURCE_SHA256);
        headers.add(Headers.ERROR_CODE, utf8(error.getCode().name()));
        headers.add(Headers.ERROR_REASON, utf8(ContractLimits.reason(error.getReason())));
        if (scanId != null) {
            headers.add(Headers.ERROR_SCAN_ID, utf8(scanId));
        }
        headers.add(Headers.ORIGIN, utf8(origin.toString()));
        headers.add(Headers.SOURCE_SHA256, utf8(sourceSha256));
    }

    /**
     * Hex sha256 of record bytes (null counts as empty): the one digest of the contract, for a cut-down letter's
     * original and for the source digest that binds every outcome to the scans record it answers.
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(bytes == null ? new byte[0] : bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
