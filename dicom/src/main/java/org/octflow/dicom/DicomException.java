package org.octflow.dicom;

/**
 * Everything this module refuses or cannot read: an unsupported transfer syntax or SOP class, a corrupt or truncated
 * file, a frame it cannot decode. The message says what and where (tag, byte offset) and never carries a value of a
 * patient attribute, so callers may log it as it is.
 */
public final class DicomException extends Exception {

    public DicomException(String message) {
        super(message);
    }

    public DicomException(String message, Throwable cause) {
        super(message, cause);
    }
}
