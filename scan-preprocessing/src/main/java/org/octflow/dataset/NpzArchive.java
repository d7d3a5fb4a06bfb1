package org.octflow.dataset;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Reads the integer arrays of a NumPy {@code .npz} archive (a zip of {@code .npy} files), as MedMNIST ships them. */
public final class NpzArchive {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpzArchive() {
    }

    /** Every array in the archive, by name without the {@code .npy} suffix. */
    public static Map<String, NpyArray> read(Path file) throws DatasetException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.getName().endsWith(".npy")) {
                    continue;
                }
                String name = entry.getName().substring(0, entry.getName().length() - 4);
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(name, readNpy(file, name, in));
                }
            }
        } catch (ZipException | EOFException e) {
            throw new DatasetException(file + " is not a complete .npz archive (" + e.getMessage()
                    + "): the file is truncated or corrupt; download it again");
        } catch (IOException e) {
            throw new DatasetException("could not read " + file + ": " + e.getMessage());
        }
        return arrays;
    }

    static NpyArray readNpy(Path file, String name, InputStream raw) throws IOException, DatasetException {
        DataInputStream in = new DataInputStream(raw);
        byte[] magic = in.readNBytes(6);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new DatasetException(file + ": entry " + name + " is not a .npy array (bad magic)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        int headerLength = major == 1
                ? Short.toUnsignedInt(Short.reverseBytes(in.readShort()))
                : Integer.reverseBytes(in.readInt());
        String header = new String(in.readNBytes(headerLength), StandardCharsets.ISO_8859_1);
        String dtype = group(file, name, DESCR, header, "descr");
        if ("True".equals(group(file, name, FORTRAN, header, "fortran_order"))) {
            throw new DatasetException(file + ": array " + name + " is in Fortran order; save it in C order");
        }
        long[] shape = parseShape(group(file, name, SHAPE, header, "shape"));
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (count > Integer.MAX_VALUE) {
            throw new DatasetException(file + ": array " + name + " is too large (" + count + " elements)");
        }
        int n = (int) count;
        int width = elementWidth(file, name, dtype);
        byte[] data = in.readNBytes(n * width);
        if (data.length != n * width) {
            throw new DatasetException(file + ": array " + name + " " + java.util.Arrays.toString(shape)
                    + " is truncated (" + data.length + " of " + (long) n * width + " bytes): download the file again");
        }
        if (dtype.equals("|u1")) {
            return new NpyArray(name, dtype, shape, data, null);
        }
        return new NpyArray(name, dtype, shape, null, widen(dtype, data, n, width));
    }

    private static int elementWidth(Path file, String name, String dtype) throws DatasetException {
        return switch (dtype) {
            case "|u1", "|i1", "|b1" -> 1;
            case "<i2", "<u2" -> 2;
            case "<i4", "<u4" -> 4;
            case "<i8", "<u8" -> 8;
            default -> throw new DatasetException(file + ": array " + name + " has dtype " + dtype
                    + "; expected unsigned 8-bit images and integer labels");
        };
    }

    private static long[] widen(String dtype, byte[] data, int n, int width) {
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case "|i1", "|b1" -> buffer.get();
                case "<i2" -> buffer.getShort();
                case "<u2" -> Short.toUnsignedInt(buffer.getShort());
                case "<i4" -> buffer.getInt();
                case "<u4" -> Integer.toUnsignedLong(buffer.getInt());
                default -> buffer.getLong();
            };
        }
        return out;
    }

    private static String group(Path file, String name, Pattern pattern, String header, String key)
            throws DatasetException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new DatasetException(file + ": array " + name + " has a .npy header without '" + key + "'");
        }
        return m.group(1);
    }

    private static long[] parseShape(String text) {
        return java.util.Arrays.stream(text.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
    }
}
