package org.octflow.gateway.query;

/** A query parameter the API cannot use; the message names it and says what is accepted. */
public class InvalidQueryException extends RuntimeException {
    public InvalidQueryException(String message) {
        super(message);
    }
}
