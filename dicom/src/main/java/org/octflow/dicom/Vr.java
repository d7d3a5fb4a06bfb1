package org.octflow.dicom;

/** Value representations (PS3.5 6.2). Those with a 4-byte length in Explicit VR are marked (PS3.5 7.1.2). */
enum Vr {
    AE, AS, AT, CS, DA, DS, DT, FL, FD, IS, LO, LT, PN, SH, SL, SS, ST, TM, UI, UL, US,
    OB(true), OD(true), OF(true), OL(true), OV(true), OW(true), SQ(true), SV(true), UC(true), UN(true), UR(true),
    UT(true), UV(true);

    private final boolean longLength;

    Vr() {
        this(false);
    }

    Vr(boolean longLength) {
        this.longLength = longLength;
    }

    /** In Explicit VR: a 2-byte reserved field, then a 4-byte length. */
    boolean hasLongLength() {
        return longLength;
    }

    boolean isText() {
        return switch (this) {
            case AE, AS, CS, DA, DS, DT, IS, LO, LT, PN, SH, ST, TM, UC, UI, UR, UT -> true;
            default -> false;
        };
    }

    /** The VR named by two ASCII bytes, or null when they name none (a corrupt or non-DICOM stream). */
    static Vr of(int first, int second) {
        if (first < 'A' || first > 'Z' || second < 'A' || second > 'Z') {
            return null;
        }
        try {
            return valueOf(new String(new char[] {(char) first, (char) second}));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
