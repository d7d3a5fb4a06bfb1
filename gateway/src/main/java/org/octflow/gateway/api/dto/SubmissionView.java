package org.octflow.gateway.api.dto;

import java.util.List;

/** The answer to an accepted submission: where to follow it. */
public record SubmissionView(String batchId, List<String> scanIds, String location) {
}
