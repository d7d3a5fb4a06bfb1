package org.octflow.contracts.records;

import com.google.protobuf.InvalidProtocolBufferException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.v1.ScanBatch;

import static org.octflow.contracts.records.HeaderValues.utf8;

/**
 * Records of the scans topic: how every producer writes a ScanBatch (key = batch id, the contract's headers, within
 * the size limit) and how a consumer reads one, saying what is wrong with a record that is not one.
 */
public final class ScanBatchRecords {
    private ScanBatchRecords() {
    }

    /** What a consumed scans record turned out to be. */
    public sealed interface Read permits Batch, Malformed {
    }

    public record Batch(ScanBatch batch) implements Read {
    }

    /** @param reason for people: what is wrong and what the producer should send instead */
    public record Malformed(String reason) implements Read {
    }

    /** The record of a batch; refuses one over {@link RecordLimits#MAX_SCAN_BATCH_BYTES}. */
    public static ProducerRecord<byte[], byte[]> record(ScanBatch batch) {
        return record(batch.getBatchId(), batch.toByteArray());
    }

    /** The record of an already serialised batch (an outbox row). */
    public static ProducerRecord<byte[], byte[]> record(String batchId, byte[] serialisedBatch) {
        if (serialisedBatch.length > RecordLimits.MAX_SCAN_BATCH_BYTES) {
            throw new IllegalArgumentException("ScanBatch " + batchId + " is " + serialisedBatch.length
                    + " bytes, over the contract's " + RecordLimits.MAX_SCAN_BATCH_BYTES + "-byte limit: split it");
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.MESSAGE_TYPE, utf8(Headers.SCAN_BATCH_TYPE));
        headers.add(Headers.SCHEMA_VERSION, utf8(Headers.SCHEMA_VERSION_1));
        return new ProducerRecord<>(Topics.SCANS, null, utf8(batchId), serialisedBatch, headers);
    }

    /** Reads a consumed record; never throws on bad input. */
    public static Read read(ConsumerRecord<byte[], byte[]> record) {
        String where = RecordOrigin.of(record).toString();
        String type = HeaderValues.text(record.headers(), Headers.MESSAGE_TYPE);
        if (type != null && !Headers.SCAN_BATCH_TYPE.equals(type)) {
            return new Malformed("record " + where + " is a " + shown(type) + ", not a "
                    + Headers.SCAN_BATCH_TYPE + ": publish only ScanBatch messages to the scans topic");
        }
        if (record.value() == null) {
            return new Malformed("record " + where + " has no value: publish a ScanBatch");
        }
        ScanBatch batch;
        try {
            batch = ScanBatch.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            return new Malformed("record " + where + " is not a ScanBatch (" + e.getMessage()
                    + "): serialise an octflow.v1.ScanBatch with the contracts module");
        }
        if (batch.getBatchId().isBlank()) {
            return new Malformed("record " + where + " is a ScanBatch without batch_id: set batch_id (also the"
                    + " record key)");
        }
        return new Batch(batch);
    }

    /** A header the producer wrote, shortened: it is repeated in a reason, not trusted to be small. */
    private static String shown(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }
}
