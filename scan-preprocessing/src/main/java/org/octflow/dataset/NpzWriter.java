package org.octflow.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes uint8 and int64 arrays as a NumPy {@code .npz}, for generated test data and exported subsets. */
public final class NpzWriter {
    private NpzWriter() {
    }

    /** Arrays are {@link NpyArray}s; uint8 ones keep their bytes, the rest are written as little-endian int64. */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var entry : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey() + ".npy"));
                writeNpy(zip, entry.getValue());
                zip.closeEntry();
            }
        }
    }

    public static NpyArray uint8(long[] shape, byte[] data) {
        return new NpyArray(null, "|u1", shape, data, null);
    }

    public static NpyArray int64(long[] shape, long[] data) {
        return new NpyArray(null, "<i8", shape, null, data);
    }

    private static void writeNpy(OutputStream out, NpyArray array) throws IOException {
        String dims = Arrays.stream(array.shape()).mapToObj(Long::toString).collect(Collectors.joining(", "));
        if (array.shape().length == 1) {
            dims += ",";
        }
        String dtype = array.isUint8() ? "|u1" : "<i8";
        StringBuilder header = new StringBuilder("{'descr': '" + dtype + "', 'fortran_order': False, 'shape': ("
                + dims + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        out.write(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
        if (array.isUint8()) {
            out.write(array.bytes());
        } else {
            ByteBuffer buffer = ByteBuffer.allocate(array.longs().length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : array.longs()) {
                buffer.putLong(v);
            }
            out.write(buffer.array());
        }
    }
}
