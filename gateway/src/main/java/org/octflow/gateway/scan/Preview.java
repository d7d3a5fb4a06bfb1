package org.octflow.gateway.scan;

/** A small JPEG of a scan as it was sent, for reviewers: patient data, kept apart and deleted by retention. */
public record Preview(byte[] jpeg, int width, int height) {
}
