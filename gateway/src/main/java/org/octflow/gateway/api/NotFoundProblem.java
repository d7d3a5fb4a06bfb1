package org.octflow.gateway.api;

/** A 404 with a message that says what was looked for. */
public class NotFoundProblem extends RuntimeException {
    public NotFoundProblem(String message) {
        super(message);
    }
}
