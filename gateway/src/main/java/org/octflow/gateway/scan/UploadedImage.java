package org.octflow.gateway.scan;

import java.util.Map;

/**
 * One image as the client sent it, before any check.
 *
 * @param name         the part's file name: never repeated in a message or logged (names carry patient data)
 * @param declaredType the content type the client declared, or null
 * @param metadata     optional key/values passed through to the ScanBatch; never logged; of them only "site" and
 *                     "device" are stored ({@link ScanSiteDevice})
 * @param exam         the exam and eye the client stated, or {@link ExamRef#NONE}
 */
public record UploadedImage(String name, String declaredType, byte[] bytes, Map<String, String> metadata,
                            ExamRef exam) {
    public UploadedImage {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        exam = exam == null ? ExamRef.NONE : exam;
    }

    public UploadedImage(String name, String declaredType, byte[] bytes, Map<String, String> metadata) {
        this(name, declaredType, bytes, metadata, ExamRef.NONE);
    }
}
