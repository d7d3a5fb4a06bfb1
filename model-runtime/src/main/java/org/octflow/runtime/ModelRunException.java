package org.octflow.runtime;

/** A model run failed (the engine's own error is the cause); the caller decides whether to retry. */
public class ModelRunException extends Exception {
    public ModelRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
