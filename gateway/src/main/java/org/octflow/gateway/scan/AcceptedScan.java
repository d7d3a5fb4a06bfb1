package org.octflow.gateway.scan;

import org.octflow.contracts.v1.ImageEncoding;

import java.util.Map;

/**
 * An image that passed every check: its encoding is known and it decodes.
 *
 * @param preview a small JPEG of it for reviewers, kept apart from the scan and deleted by retention
 */
public record AcceptedScan(ImageEncoding encoding, byte[] bytes, int width, int height, Map<String, String> metadata,
                           ExamRef exam, Preview preview) {
    public AcceptedScan {
        exam = exam == null ? ExamRef.NONE : exam;
    }
}
