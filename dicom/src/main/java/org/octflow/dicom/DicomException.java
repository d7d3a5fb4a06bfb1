package org.octflow.dicom;

/**
 * Everything this module refuses or cannot read: an unsupported transfer syntax or SOP class, a corrupt or truncated
 * file, a frame it cannot decode. The message says what and where (tag, byte offset) and never carries a value of a
 * patient attribute, so callers may log it as it is.
 */
public final class DicomException extends Exception {

    /** What kind of refusal this is, for a receiver that must answer with a status per object (a STOW-RS reply). */
    public enum Kind {
        /** Corrupt, truncated, not Part 10, or pixels this reader does not decode. */
        UNREADABLE,
        /** A transfer syntax this reader does not read. */
        TRANSFER_SYNTAX_NOT_READ,
        /** Readable DICOM, but a SOP class that is not an OCT B-scan (a photograph, a report, raw data). */
        NOT_AN_OCT_BSCAN,
        /** An OCT B-scan object without Pixel Data: it does not match its SOP class. */
        NO_PIXEL_DATA
    }

    private final Kind kind;

    public DicomException(String message) {
        this(Kind.UNREADABLE, message);
    }

    public DicomException(String message, Throwable cause) {
        super(message, cause);
        this.kind = Kind.UNREADABLE;
    }

    public DicomException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
