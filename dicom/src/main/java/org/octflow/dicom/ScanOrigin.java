package org.octflow.dicom;

/**
 * Where one B-scan came from, enough to file its prediction against the DICOM object and to reference it from a
 * Structured Report: one OCT volume gives one scan per frame. Holds no patient attribute, so it may be logged.
 * {@code laterality} is Image Laterality (0020,0062), else the shared Frame Laterality (0020,9072); "" if neither.
 */
public record ScanOrigin(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
                         String sopClassUid, int frameNumber, String laterality) {
}
