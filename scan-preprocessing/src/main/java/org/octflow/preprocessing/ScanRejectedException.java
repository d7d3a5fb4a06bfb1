package org.octflow.preprocessing;

import org.octflow.contracts.v1.ErrorCode;

/** A scan that cannot become a model input. The code is machine-readable; the message says what to send instead. */
public class ScanRejectedException extends Exception {
    private final ErrorCode code;

    public ScanRejectedException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ScanRejectedException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
