package org.octflow.gateway.scan;

import org.octflow.contracts.v1.ImageEncoding;

import java.util.Map;

/** An image that passed every check: its encoding is known and it decodes. */
public record AcceptedScan(ImageEncoding encoding, byte[] bytes, int width, int height, Map<String, String> metadata,
                           ExamRef exam) {
    public AcceptedScan {
        exam = exam == null ? ExamRef.NONE : exam;
    }

    public AcceptedScan(ImageEncoding encoding, byte[] bytes, int width, int height, Map<String, String> metadata) {
        this(encoding, bytes, width, height, metadata, ExamRef.NONE);
    }
}
