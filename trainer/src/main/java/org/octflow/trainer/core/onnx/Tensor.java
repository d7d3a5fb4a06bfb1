package org.octflow.trainer.core.onnx;

import java.util.Arrays;

/** A float tensor in row-major order: the engine-neutral form of a layer parameter. */
public record Tensor(long[] shape, float[] data) {
    public Tensor {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
    }

    public static Tensor vector(float[] data) {
        return new Tensor(new long[]{data.length}, data);
    }

    public static Tensor scalar(float value) {
        return new Tensor(new long[0], new float[]{value});
    }
}
