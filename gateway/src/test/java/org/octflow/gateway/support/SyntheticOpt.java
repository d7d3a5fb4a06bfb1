package org.octflow.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

/**
 * An Ophthalmic Tomography Image (native 8-bit, Explicit VR Little Endian) of any size, written as it is read: the
 * header is built in memory, the frames are generated as the stream is consumed, so a 62 MB volume costs the test
 * nothing. Carries a patient name, id and birth date, so tests can look for them where they must never be.
 */
public record SyntheticOpt(String studyUid, String sopInstanceUid, String patientName, String patientId,
                           String birthDate, String laterality, int frames, int columns, int rows) {
    public static final String OPT_CLASS = "1.2.840.10008.5.1.4.1.1.77.1.5.4";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

    public long pixelBytes() {
        return (long) frames * columns * rows;
    }

    /** The grey value of a pixel of a frame (numbered from 1). */
    public static int pixel(int frame, int x, int y) {
        return (x / 4 + y / 4 + frame * 7) & 0xFF;
    }

    public byte[] bytes() {
        try (InputStream in = stream()) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** This volume with the given pixels ({@code frames} frames of {@code columns} x {@code rows}, in order). */
    public byte[] withPixels(byte[] pixels) {
        if (pixels.length != pixelBytes()) {
            throw new IllegalArgumentException(pixels.length + " bytes of pixels for " + pixelBytes());
        }
        byte[] header = header();
        byte[] out = java.util.Arrays.copyOf(header, header.length + pixels.length);
        System.arraycopy(pixels, 0, out, header.length, pixels.length);
        return out;
    }

    public InputStream stream() {
        return new SequenceInputStream(new java.io.ByteArrayInputStream(header()), new Pixels());
    }

    private byte[] header() {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
        element(meta, 0x0002, 0x0002, "UI", ui(OPT_CLASS));
        element(meta, 0x0002, 0x0003, "UI", ui(sopInstanceUid));
        element(meta, 0x0002, 0x0010, "UI", ui(EXPLICIT_LE));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(out, 0x0002, 0x0000, "UL", u32(meta.size()));
        out.writeBytes(meta.toByteArray());
        element(out, 0x0008, 0x0016, "UI", ui(OPT_CLASS));
        element(out, 0x0008, 0x0018, "UI", ui(sopInstanceUid));
        element(out, 0x0008, 0x0060, "CS", text("OPT"));
        element(out, 0x0010, 0x0010, "PN", text(patientName));
        element(out, 0x0010, 0x0020, "LO", text(patientId));
        element(out, 0x0010, 0x0030, "DA", text(birthDate));
        element(out, 0x0020, 0x000D, "UI", ui(studyUid));
        element(out, 0x0020, 0x000E, "UI", ui(studyUid + ".1"));
        element(out, 0x0020, 0x0062, "CS", text(laterality));
        element(out, 0x0028, 0x0002, "US", u16(1));
        element(out, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
        element(out, 0x0028, 0x0008, "IS", text(Integer.toString(frames)));
        element(out, 0x0028, 0x0010, "US", u16(rows));
        element(out, 0x0028, 0x0011, "US", u16(columns));
        element(out, 0x0028, 0x0100, "US", u16(8));
        element(out, 0x0028, 0x0101, "US", u16(8));
        element(out, 0x0028, 0x0102, "US", u16(7));
        element(out, 0x0028, 0x0103, "US", u16(0));
        // Pixel Data, OB, its length; the value follows from Pixels.
        out.writeBytes(tag(0x7FE0, 0x0010));
        out.writeBytes("OB".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[2]);
        out.writeBytes(u32((int) pixelBytes()));
        return out.toByteArray();
    }

    private final class Pixels extends InputStream {
        private long at;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= pixelBytes()) {
                return -1;
            }
            int n = (int) Math.min(len, pixelBytes() - at);
            for (int i = 0; i < n; i++, at++) {
                long inFrame = at % ((long) columns * rows);
                int frame = (int) (at / ((long) columns * rows)) + 1;
                b[off + i] = (byte) pixel(frame, (int) (inFrame % columns), (int) (inFrame / columns));
            }
            return n;
        }
    }

    private static void element(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        out.writeBytes(tag(group, element));
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.equals("OB")) {
            out.writeBytes(new byte[2]);
            out.writeBytes(u32(value.length));
        } else {
            out.writeBytes(u16(value.length));
        }
        out.writeBytes(value);
    }

    private static byte[] tag(int group, int element) {
        return new byte[] {(byte) group, (byte) (group >> 8), (byte) element, (byte) (element >> 8)};
    }

    private static byte[] ui(String uid) {
        byte[] text = uid.getBytes(StandardCharsets.US_ASCII);
        return text.length % 2 == 0 ? text : java.util.Arrays.copyOf(text, text.length + 1);
    }

    private static byte[] text(String value) {
        return (value.length() % 2 == 0 ? value : value + " ").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] u16(int value) {
        return new byte[] {(byte) value, (byte) (value >> 8)};
    }

    private static byte[] u32(int value) {
        return new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)};
    }
}
