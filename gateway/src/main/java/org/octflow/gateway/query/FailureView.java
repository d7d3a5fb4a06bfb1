package org.octflow.gateway.query;

import java.time.Instant;

/**
 * One scan (or one whole record) that got no prediction.
 *
 * @param scanId  null when the record was no ScanBatch and so named no scan
 * @param origin  topic/partition/offset of the original record
 * @param cutDown the dead letter holds no copy of the original (it was too large); the original stays at its origin
 */
public record FailureView(String batchId, String scanId, String code, String reason, String origin, boolean cutDown,
                          Instant failedAt) {
}
