package org.octflow.gateway.scan;

/** A submission the gateway refuses; {@code status} is the HTTP answer, the message says what to send instead. */
public class UploadRejectedException extends RuntimeException {
    private final int status;

    public UploadRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
