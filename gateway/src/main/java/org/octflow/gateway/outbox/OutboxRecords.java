package org.octflow.gateway.outbox;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.octflow.contracts.Headers;

import java.nio.charset.StandardCharsets;

/** An outbox row as the Kafka record it announces. */
final class OutboxRecords {
    private OutboxRecords() {
    }

    static ProducerRecord<String, byte[]> toRecord(OutboxMessage row) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic, row.recordKey, row.payload);
        record.headers().add(Headers.MESSAGE_TYPE, row.messageType.getBytes(StandardCharsets.UTF_8));
        record.headers().add(Headers.SCHEMA_VERSION, Headers.SCHEMA_VERSION_1.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
