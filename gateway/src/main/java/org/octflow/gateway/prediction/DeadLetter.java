package org.octflow.gateway.prediction;

import com.google.protobuf.InvalidProtocolBufferException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.octflow.contracts.records.DeadLetterHeaders;
import org.octflow.contracts.records.DeadLetters;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;

import java.util.List;

/**
 * What a dead-letter record says failed: named scans (a ScanBatch holding the rejected scan, or the scan-id header),
 * or, for a record that could not be parsed, the whole batch named by its key. The headers are read by the
 * contract's {@link DeadLetters#read}, with the digest of the record it answers (null from older workers).
 */
public record DeadLetter(String batchId, List<String> scanIds, String code, String reason, String origin,
                         boolean cutDown, String sourceSha256) {

    public boolean wholeBatch() {
        return scanIds.isEmpty();
    }

    public static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        DeadLetterHeaders letter = DeadLetters.read(record.headers());
        String origin = letter.origin().map(RecordOrigin::toString).orElse(null);
        if (letter.scanId() != null) {
            return new DeadLetter(record.key(), List.of(letter.scanId()), letter.code(), letter.reason(), origin,
                    letter.cutDown(), letter.sourceSha256());
        }
        if (!ErrorCode.MALFORMED_MESSAGE.name().equals(letter.code()) && record.value() != null) {
            try {
                List<String> scans = ScanBatch.parseFrom(record.value()).getScansList().stream()
                        .map(Scan::getScanId).filter(id -> !id.isEmpty()).toList();
                if (!scans.isEmpty()) {
                    return new DeadLetter(record.key(), scans, letter.code(), letter.reason(), origin,
                            letter.cutDown(), letter.sourceSha256());
                }
            } catch (InvalidProtocolBufferException e) {
                // not a ScanBatch: the original bytes of a malformed record, handled below
            }
        }
        return new DeadLetter(record.key(), List.of(), letter.code(), letter.reason(), origin, letter.cutDown(),
                letter.sourceSha256());
    }
}
