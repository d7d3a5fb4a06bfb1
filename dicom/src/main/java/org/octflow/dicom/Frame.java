package org.octflow.dicom;

/**
 * One frame as stored: native pixels (little endian, {@link ImagePixel#frameLength()} bytes) or one compressed
 * image (the fragments of one frame joined). {@code number} counts from 1, as DICOM numbers frames.
 */
public record Frame(int number, byte[] data) {
}
