package org.octflow.contracts.manifest;

/** A model directory that cannot be served as it is; the message says what to fix. */
public class InvalidModelException extends RuntimeException {
    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
