package org.octflow.gateway.review;

/** A review the gateway does not record; {@code status} is the HTTP answer, the message says what to do instead. */
public class ReviewRefused extends RuntimeException {
    private final int status;

    public ReviewRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
