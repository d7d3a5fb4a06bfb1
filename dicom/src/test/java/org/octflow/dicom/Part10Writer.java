package org.octflow.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * Test only: writes tiny DICOM Part 10 files by hand, in ascending tag order as the caller gives them, in the layouts
 * the product's {@link Part10FileWriter} never writes (Implicit VR, Deflated, encapsulated frames, hostile headers).
 * The byte layout of elements is {@link ElementEncoder}'s, shared with the product writer.
 */
final class Part10Writer {

    private final String transferSyntax;
    private final boolean explicitVr;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    Part10Writer(String transferSyntax, boolean explicitVr) {
        this.transferSyntax = transferSyntax;
        this.explicitVr = explicitVr;
    }

    static Part10Writer explicitLittleEndian() {
        return new Part10Writer("1.2.840.10008.1.2.1", true);
    }

    Part10Writer text(int tag, String vr, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length % 2 == 1) {
            bytes = (value + (vr.equals("UI") ? "\0" : " ")).getBytes(StandardCharsets.ISO_8859_1);
        }
        element(data, tag, vr, bytes, explicitVr);
        return this;
    }

    Part10Writer us(int tag, int value) {
        element(data, tag, "US", new byte[] {(byte) value, (byte) (value >> 8)}, explicitVr);
        return this;
    }

    /**
     * An undefined-length sequence written with VR {@code vr} (SQ, or UN as a sender that does not know the tag
     * writes it: its items then in Implicit VR, PS3.5 6.2.2), one item holding one text element.
     */
    Part10Writer undefinedLengthSequence(int tag, String vr, int innerTag, String innerVr, String value) {
        header(data, tag, vr, 0xFFFF_FFFFL, explicitVr);
        header(data, Tag.ITEM, null, 0xFFFF_FFFFL, false);
        element(data, innerTag, innerVr, value.getBytes(StandardCharsets.ISO_8859_1), explicitVr && !vr.equals("UN"));
        header(data, Tag.ITEM_DELIMITATION, null, 0, false);
        header(data, Tag.SEQUENCE_DELIMITATION, null, 0, false);
        return this;
    }

    /** Shared Functional Groups > Frame Anatomy > Frame Laterality "L", as an enhanced multi-frame writes it. */
    Part10Writer sequenceWithFrameLaterality() {
        header(data, Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE, "SQ", 0xFFFF_FFFFL, explicitVr);
        header(data, Tag.ITEM, null, 0xFFFF_FFFFL, false);
        undefinedLengthSequence(Tag.FRAME_ANATOMY_SEQUENCE, "SQ", Tag.FRAME_LATERALITY, "CS", "L ");
        header(data, Tag.ITEM_DELIMITATION, null, 0, false);
        header(data, Tag.SEQUENCE_DELIMITATION, null, 0, false);
        return this;
    }

    /** A Pixel Data header declaring {@code length} bytes, and no bytes: a truncated or hostile file. */
    Part10Writer pixelDataHeaderClaiming(long length) {
        header(data, Tag.PIXEL_DATA, "OB", length, explicitVr);
        return this;
    }

    Part10Writer nativePixels(String vr, byte[] pixels) {
        element(data, Tag.PIXEL_DATA, vr, pixels, explicitVr);
        return this;
    }

    /** Encapsulated Pixel Data: a Basic Offset Table (empty when no offsets) and the fragments. */
    Part10Writer encapsulated(long[] offsets, byte[]... fragments) {
        header(data, Tag.PIXEL_DATA, "OB", 0xFFFF_FFFFL, true);
        header(data, Tag.ITEM, null, offsets.length * 4L, false);
        for (long offset : offsets) {
            u32(data, offset);
        }
        for (byte[] fragment : fragments) {
            byte[] even = fragment.length % 2 == 0 ? fragment : java.util.Arrays.copyOf(fragment, fragment.length + 1);
            header(data, Tag.ITEM, null, even.length, false);
            data.writeBytes(even);
        }
        header(data, Tag.SEQUENCE_DELIMITATION, null, 0, false);
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream file = fileMeta();
        file.writeBytes(data.toByteArray());
        return file.toByteArray();
    }

    /** The data set deflated without zlib header, as the Deflated transfer syntax stores it. */
    byte[] deflatedBytes() {
        ByteArrayOutputStream file = fileMeta();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data.toByteArray());
        deflater.finish();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            file.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return file.toByteArray();
    }

    private ByteArrayOutputStream fileMeta() {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        byte[] syntax = (transferSyntax.length() % 2 == 0 ? transferSyntax : transferSyntax + "\0")
                .getBytes(StandardCharsets.US_ASCII);
        element(meta, Tag.TRANSFER_SYNTAX_UID, "UI", syntax, true);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[128]);
        file.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(file, 0x0002_0000, "UL", new byte[] {(byte) meta.size(), (byte) (meta.size() >> 8), 0, 0}, true);
        file.writeBytes(meta.toByteArray());
        return file;
    }

    private static void element(ByteArrayOutputStream out, int tag, String vr, byte[] value, boolean explicitVr) {
        ElementEncoder.element(out, tag, vr == null ? null : Vr.valueOf(vr), value, explicitVr);
    }

    private static void header(ByteArrayOutputStream out, int tag, String vr, long length, boolean explicitVr) {
        ElementEncoder.header(out, tag, vr == null ? null : Vr.valueOf(vr), length, explicitVr);
    }

    private static void u32(ByteArrayOutputStream out, long value) {
        ElementEncoder.u32(out, value);
    }
}
