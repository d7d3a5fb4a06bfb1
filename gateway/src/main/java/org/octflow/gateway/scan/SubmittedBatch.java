package org.octflow.gateway.scan;

import java.time.Instant;
import java.util.List;

/** What a submission became: one batch id, one scan id per image in submission order. */
public record SubmittedBatch(String batchId, List<String> scanIds, Instant submittedAt) {
}
