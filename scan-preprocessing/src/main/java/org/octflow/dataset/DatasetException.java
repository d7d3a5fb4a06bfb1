package org.octflow.dataset;

/** Input data that cannot be used; the message names the file and the problem. */
public class DatasetException extends Exception {
    public DatasetException(String message) {
        super(message);
    }
}
