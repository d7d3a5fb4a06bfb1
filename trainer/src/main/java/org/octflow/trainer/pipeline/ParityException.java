package org.octflow.trainer.pipeline;

/** The exported ONNX model does not reproduce DL4J's probabilities: nothing was written. */
public class ParityException extends RuntimeException {
    public ParityException(String message) {
        super(message);
    }
}
