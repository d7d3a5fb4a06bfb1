package org.octflow.gateway.dicomweb;

import org.octflow.dicom.DicomException;

/**
 * Failure Reason (0008,1197) values of a STOW-RS reply, from PS3.18 Table I.2-2 (Store Instances Response Failure
 * Reason Values); which one each refusal gets is said in the gateway README.
 */
public enum FailureReason {
    /** 0122: not an OCT B-scan (a photograph, a report, raw data): the SOP class is not one this service stores. */
    SOP_CLASS_NOT_SUPPORTED(0x0122),
    /** A900: the instance does not match its SOP class (an OCT image without Pixel Data) or the request (its study
     * is not the one the path names). */
    DATA_SET_DOES_NOT_MATCH(0xA900),
    /** C122: a transfer syntax the reader does not read. */
    TRANSFER_SYNTAX_NOT_SUPPORTED(0xC122),
    /** C000: cannot understand: not DICOM Part 10, corrupt, truncated, pixels not decodable. */
    CANNOT_UNDERSTAND(0xC000),
    /** A700: out of resources: a frame too large for one Kafka record even as PNG, the database away. */
    OUT_OF_RESOURCES(0xA700),
    /** 0110: any other failure while storing. */
    PROCESSING_FAILURE(0x0110);

    private final int code;

    FailureReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String hex() {
        return String.format("%04X", code);
    }

    static FailureReason of(DicomException e) {
        return switch (e.kind()) {
            case NOT_AN_OCT_BSCAN -> SOP_CLASS_NOT_SUPPORTED;
            case NO_PIXEL_DATA -> DATA_SET_DOES_NOT_MATCH;
            case TRANSFER_SYNTAX_NOT_READ -> TRANSFER_SYNTAX_NOT_SUPPORTED;
            case UNREADABLE -> CANNOT_UNDERSTAND;
        };
    }
}
