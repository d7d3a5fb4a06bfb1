package org.octflow.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A data set to write, element by element, encoded in Explicit VR Little Endian (PS3.5 7.1.2): elements in ascending
 * tag order whatever order they were added in, every value padded to an even length (UI with NUL, other text with a
 * space, binary with a zero byte), sequences and items of defined or undefined length. Text is encoded in UTF-8:
 * the writer declares Specific Character Set "ISO_IR 192". Each text value is checked against its VR
 * ({@link ValueRules}) and refused naming the tag, never the value.
 */
final class DataSetBuilder {

    /** How sequences and items are delimited: by a length up front, or by delimitation items (PS3.5 7.5). */
    enum SequenceLength { DEFINED, UNDEFINED }

    private sealed interface Value permits Bytes, Items {
    }

    private record Bytes(Vr vr, byte[] value) implements Value {
    }

    private record Items(List<DataSetBuilder> items) implements Value {
    }

    private final TreeMap<Integer, Value> elements = new TreeMap<>(Integer::compareUnsigned);

    /** A text attribute; "" writes it with zero length (Type 2: present, value unknown). */
    DataSetBuilder text(int tag, Vr vr, String value) {
        if (!vr.isText()) {
            throw new IllegalArgumentException(Tag.format(tag) + ": " + vr + " is not a text VR");
        }
        ValueRules.require(Tag.format(tag) + " " + vr, vr, value);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length % 2 == 1) {
            byte[] padded = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, padded, 0, bytes.length);
            padded[bytes.length] = (byte) (vr == Vr.UI ? 0 : ' ');
            bytes = padded;
        }
        elements.put(tag, new Bytes(vr, bytes));
        return this;
    }

    DataSetBuilder uid(int tag, String uid) {
        return text(tag, Vr.UI, uid);
    }

    DataSetBuilder us(int tag, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(Tag.format(tag) + " US: " + value + " is outside 0..65535");
        }
        elements.put(tag, new Bytes(Vr.US, new byte[] {(byte) value, (byte) (value >> 8)}));
        return this;
    }

    /** A binary value (OB, UL ...), padded with a zero byte to an even length. */
    DataSetBuilder bytes(int tag, Vr vr, byte[] value) {
        byte[] even = value.length % 2 == 0 ? value.clone() : java.util.Arrays.copyOf(value, value.length + 1);
        elements.put(tag, new Bytes(vr, even));
        return this;
    }

    /** A sequence; no items writes it empty (Type 2). */
    DataSetBuilder sequence(int tag, List<DataSetBuilder> items) {
        elements.put(tag, new Items(List.copyOf(items)));
        return this;
    }

    DataSetBuilder sequence(int tag, DataSetBuilder... items) {
        return sequence(tag, List.of(items));
    }

    boolean isEmpty() {
        return elements.isEmpty();
    }

    byte[] encode(SequenceLength lengths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encodeInto(out, lengths);
        return out.toByteArray();
    }

    private void encodeInto(ByteArrayOutputStream out, SequenceLength lengths) {
        elements.forEach((tag, value) -> {
            if (value instanceof Bytes bytes) {
                ElementEncoder.element(out, tag, bytes.vr(), bytes.value(), true);
            } else {
                encodeSequence(out, tag, ((Items) value).items(), lengths);
            }
        });
    }

    private static void encodeSequence(ByteArrayOutputStream out, int tag, List<DataSetBuilder> items,
                                       SequenceLength lengths) {
        if (lengths == SequenceLength.UNDEFINED) {
            ElementEncoder.header(out, tag, Vr.SQ, ElementEncoder.UNDEFINED_LENGTH, true);
            for (DataSetBuilder item : items) {
                ElementEncoder.header(out, Tag.ITEM, null, ElementEncoder.UNDEFINED_LENGTH, true);
                item.encodeInto(out, lengths);
                ElementEncoder.header(out, Tag.ITEM_DELIMITATION, null, 0, true);
            }
            ElementEncoder.header(out, Tag.SEQUENCE_DELIMITATION, null, 0, true);
            return;
        }
        List<byte[]> encoded = new ArrayList<>();
        long length = 0;
        for (DataSetBuilder item : items) {
            byte[] bytes = item.encode(lengths);
            encoded.add(bytes);
            length += 8 + bytes.length;
        }
        ElementEncoder.header(out, tag, Vr.SQ, length, true);
        for (byte[] bytes : encoded) {
            ElementEncoder.header(out, Tag.ITEM, null, bytes.length, true);
            out.writeBytes(bytes);
        }
    }
}
