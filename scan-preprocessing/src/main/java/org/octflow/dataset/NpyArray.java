package org.octflow.dataset;

import java.util.Arrays;

/**
 * One array from a {@code .npy} file: its shape and its values. Unsigned 8-bit arrays keep their bytes; integer
 * arrays of any width are widened to {@code long}.
 */
public record NpyArray(String name, String dtype, long[] shape, byte[] bytes, long[] longs) {

    public long elementCount() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    public boolean isUint8() {
        return bytes != null;
    }

    /** Element i as a long, whatever the integer dtype. */
    public long longAt(int i) {
        return bytes != null ? bytes[i] & 0xff : longs[i];
    }

    public String shapeText() {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
}
