package org.octflow.gateway.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** The answer to an accepted submission: where to follow it, and a note when a {@code ?wait=} was not held. */
public record SubmissionView(String batchId, List<String> scanIds, String location,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
}
