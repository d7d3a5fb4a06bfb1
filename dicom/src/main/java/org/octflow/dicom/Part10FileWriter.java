package org.octflow.dicom;

import java.io.ByteArrayOutputStream;

/**
 * Writes a DICOM Part 10 file (PS3.10 7.1): the 128-byte preamble, "DICM", the File Meta group with its group length
 * (0002,0000) computed over the elements that follow it, then the data set in Explicit VR Little Endian. Group
 * lengths are written for the File Meta group only: in the data set they are retired (PS3.5 7.2).
 */
final class Part10FileWriter {

    /** This writer's Implementation Class UID (0002,0012): a 2.25 UUID-derived UID, fixed for the module. */
    static final String IMPLEMENTATION_CLASS_UID = "2.25.166406458427474633245236376271436018727";
    static final String IMPLEMENTATION_VERSION_NAME = "OCTFLOW_DICOM_1";

    private static final int FILE_META_GROUP_LENGTH = 0x0002_0000;
    private static final int FILE_META_INFORMATION_VERSION = 0x0002_0001;
    private static final int IMPLEMENTATION_CLASS_UID_TAG = 0x0002_0012;
    private static final int IMPLEMENTATION_VERSION_NAME_TAG = 0x0002_0013;
    private static final int PREAMBLE = 128;

    byte[] write(String sopClassUid, String sopInstanceUid, DataSetBuilder dataSet,
                 DataSetBuilder.SequenceLength lengths) {
        byte[] meta = new DataSetBuilder()
                .bytes(FILE_META_INFORMATION_VERSION, Vr.OB, new byte[] {0, 1})
                .uid(Tag.MEDIA_STORAGE_SOP_CLASS_UID, sopClassUid)
                .uid(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, sopInstanceUid)
                .uid(Tag.TRANSFER_SYNTAX_UID, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())
                .uid(IMPLEMENTATION_CLASS_UID_TAG, IMPLEMENTATION_CLASS_UID)
                .text(IMPLEMENTATION_VERSION_NAME_TAG, Vr.SH, IMPLEMENTATION_VERSION_NAME)
                .encode(DataSetBuilder.SequenceLength.DEFINED);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[PREAMBLE]);
        file.writeBytes(new byte[] {'D', 'I', 'C', 'M'});
        ByteArrayOutputStream length = new ByteArrayOutputStream();
        ElementEncoder.u32(length, meta.length);
        ElementEncoder.element(file, FILE_META_GROUP_LENGTH, Vr.UL, length.toByteArray(), true);
        file.writeBytes(meta);
        file.writeBytes(dataSet.encode(lengths));
        return file.toByteArray();
    }
}
