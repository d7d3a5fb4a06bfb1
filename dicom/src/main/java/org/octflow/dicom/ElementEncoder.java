package org.octflow.dicom;

import java.io.ByteArrayOutputStream;

/**
 * Encodes element headers and values in Little Endian (PS3.5 7.1): the one place that knows the byte layout of a
 * tag, a VR and a length, for the product's {@link DataSetBuilder} and the tests' hand-built files alike.
 */
final class ElementEncoder {

    static final long UNDEFINED_LENGTH = DataSetParser.UNDEFINED_LENGTH;

    private ElementEncoder() {
    }

    static void element(ByteArrayOutputStream out, int tag, Vr vr, byte[] value, boolean explicitVr) {
        header(out, tag, vr, value.length, explicitVr);
        out.writeBytes(value);
    }

    /**
     * A header; {@code vr} is null for items and delimiters (FFFE,xxxx), which never carry a VR. In Explicit VR the
     * long VRs get 2 reserved bytes and a 4-byte length (PS3.5 7.1.2), the others a 2-byte length.
     */
    static void header(ByteArrayOutputStream out, int tag, Vr vr, long length, boolean explicitVr) {
        u16(out, tag >>> 16);
        u16(out, tag & 0xFFFF);
        if (vr == null || !explicitVr) {
            u32(out, length);
            return;
        }
        out.write(vr.name().charAt(0));
        out.write(vr.name().charAt(1));
        if (vr.hasLongLength()) {
            u16(out, 0);
            u32(out, length);
        } else {
            if (length > 0xFFFF) {
                throw new IllegalArgumentException(Tag.format(tag) + " " + vr + ": a value of " + length
                        + " bytes does not fit the 2-byte length of this VR");
            }
            u16(out, (int) length);
        }
    }

    static void u16(ByteArrayOutputStream out, int value) {
        out.write(value & 0xFF);
        out.write(value >> 8 & 0xFF);
    }

    static void u32(ByteArrayOutputStream out, long value) {
        u16(out, (int) (value & 0xFFFF));
        u16(out, (int) (value >> 16 & 0xFFFF));
    }
}
