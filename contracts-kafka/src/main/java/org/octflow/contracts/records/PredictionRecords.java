package org.octflow.contracts.records;

import com.google.protobuf.InvalidProtocolBufferException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.v1.PredictionBatch;

import java.util.Optional;

import static org.octflow.contracts.records.HeaderValues.utf8;

/** Records of the predictions topic: how workers write a PredictionBatch and how readers read one. */
public final class PredictionRecords {
    private PredictionRecords() {
    }

    /** The record of a batch's predictions, key = batch id, carrying the scans record's trace context if it had one. */
    public static ProducerRecord<byte[], byte[]> record(PredictionBatch batch, Header traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.MESSAGE_TYPE, utf8(Headers.PREDICTION_BATCH_TYPE));
        headers.add(Headers.SCHEMA_VERSION, utf8(Headers.SCHEMA_VERSION_1));
        if (traceparent != null) {
            headers.add(Headers.TRACEPARENT, traceparent.value());
        }
        return new ProducerRecord<>(Topics.PREDICTIONS, null, utf8(batch.getBatchId()), batch.toByteArray(), headers);
    }

    /** The batch, or empty when the value is not a PredictionBatch (a newer contract, or a stray producer). */
    public static Optional<PredictionBatch> read(byte[] value) {
        try {
            return Optional.of(PredictionBatch.parseFrom(value == null ? new byte[0] : value));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }
}
