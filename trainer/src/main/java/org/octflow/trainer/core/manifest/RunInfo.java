package org.octflow.trainer.core.manifest;

import java.time.Instant;

/** How this run was started: for the manifest's provenance. */
public record RunInfo(String command, String gitCommit, Instant trainedAt) {
}
