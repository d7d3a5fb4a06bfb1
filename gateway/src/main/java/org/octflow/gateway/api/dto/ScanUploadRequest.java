package org.octflow.gateway.api.dto;

import java.util.List;
import java.util.Map;

/**
 * The JSON form of a submission.
 *
 * @param scans one entry per image: base64 {@code image}, optional {@code contentType} (image/png or image/jpeg;
 *              guessed from the bytes when absent), optional {@code metadata} passed to the workers, and optional
 *              {@code examId} (e.g. a StudyInstanceUID) with {@code laterality} (R or L) to group B-scans into exams
 */
public record ScanUploadRequest(List<JsonScan> scans) {

    public record JsonScan(String image, String contentType, Map<String, String> metadata, String examId,
                           String laterality) {
    }
}
