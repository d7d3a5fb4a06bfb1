package org.octflow.gateway.outbox;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.octflow.contracts.records.ScanBatchRecords;

/** An outbox row as the Kafka record it announces, built by the contract. */
final class OutboxRecords {
    private OutboxRecords() {
    }

    static ProducerRecord<byte[], byte[]> toRecord(OutboxMessage row) {
        return ScanBatchRecords.record(row.recordKey, row.payload);
    }
}
