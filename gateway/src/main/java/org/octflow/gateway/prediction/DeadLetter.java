package org.octflow.gateway.prediction;

import com.google.protobuf.InvalidProtocolBufferException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.octflow.contracts.Headers;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a dead-letter record says failed: named scans (a ScanBatch holding the rejected scan, or the scan-id header),
 * or, for a record that could not be parsed, the whole batch named by its key.
 */
public record DeadLetter(String batchId, List<String> scanIds, String code, String reason, String origin,
                         boolean cutDown) {

    public boolean wholeBatch() {
        return scanIds.isEmpty();
    }

    public static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        String code = header(record, Headers.ERROR_CODE, ErrorCode.ERROR_CODE_UNSPECIFIED.name());
        String reason = header(record, Headers.ERROR_REASON, "dead-lettered by a worker without a reason");
        String scanId = header(record, Headers.ERROR_SCAN_ID, null);
        String origin = header(record, Headers.ORIGIN, null);
        boolean cutDown = header(record, Headers.CUT_DOWN, null) != null;
        if (scanId != null) {
            return new DeadLetter(record.key(), List.of(scanId), code, reason, origin, cutDown);
        }
        if (!ErrorCode.MALFORMED_MESSAGE.name().equals(code) && record.value() != null) {
            try {
                List<String> scans = ScanBatch.parseFrom(record.value()).getScansList().stream()
                        .map(Scan::getScanId).filter(id -> !id.isEmpty()).toList();
                if (!scans.isEmpty()) {
                    return new DeadLetter(record.key(), scans, code, reason, origin, cutDown);
                }
            } catch (InvalidProtocolBufferException e) {
                // not a ScanBatch: the original bytes of a malformed record, handled below
            }
        }
        return new DeadLetter(record.key(), List.of(), code, reason, origin, cutDown);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name, String fallback) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? fallback : new String(header.value(), StandardCharsets.UTF_8);
    }
}
