package org.octflow.dicom;

import java.util.Locale;

/** The tags this module reads by name, as (group << 16 | element), and how a tag is written in messages. */
public final class Tag {

    public static final int TRANSFER_SYNTAX_UID = 0x0002_0010;
    public static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x0002_0002;
    public static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x0002_0003;

    public static final int SPECIFIC_CHARACTER_SET = 0x0008_0005;
    public static final int SOP_CLASS_UID = 0x0008_0016;
    public static final int SOP_INSTANCE_UID = 0x0008_0018;
    public static final int MODALITY = 0x0008_0060;
    public static final int PATIENT_NAME = 0x0010_0010;
    public static final int PATIENT_ID = 0x0010_0020;
    public static final int PATIENT_BIRTH_DATE = 0x0010_0030;
    public static final int PATIENT_SEX = 0x0010_0040;
    public static final int STUDY_DATE = 0x0008_0020;
    public static final int STUDY_TIME = 0x0008_0030;
    public static final int REFERRING_PHYSICIAN_NAME = 0x0008_0090;
    public static final int STUDY_ID = 0x0020_0010;
    public static final int STUDY_INSTANCE_UID = 0x0020_000D;
    public static final int SERIES_INSTANCE_UID = 0x0020_000E;
    public static final int IMAGE_LATERALITY = 0x0020_0062;
    public static final int FRAME_LATERALITY = 0x0020_9072;
    public static final int SHARED_FUNCTIONAL_GROUPS_SEQUENCE = 0x5200_9229;
    public static final int PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE = 0x5200_9230;
    public static final int FRAME_ANATOMY_SEQUENCE = 0x0020_9071;

    public static final int SAMPLES_PER_PIXEL = 0x0028_0002;
    public static final int PHOTOMETRIC_INTERPRETATION = 0x0028_0004;
    public static final int PLANAR_CONFIGURATION = 0x0028_0006;
    public static final int NUMBER_OF_FRAMES = 0x0028_0008;
    public static final int ROWS = 0x0028_0010;
    public static final int COLUMNS = 0x0028_0011;
    public static final int BITS_ALLOCATED = 0x0028_0100;
    public static final int BITS_STORED = 0x0028_0101;
    public static final int HIGH_BIT = 0x0028_0102;
    public static final int PIXEL_REPRESENTATION = 0x0028_0103;
    public static final int WINDOW_CENTER = 0x0028_1050;
    public static final int WINDOW_WIDTH = 0x0028_1051;
    public static final int RESCALE_INTERCEPT = 0x0028_1052;
    public static final int RESCALE_SLOPE = 0x0028_1053;
    public static final int PIXEL_DATA = 0x7FE0_0010;

    static final int ITEM = 0xFFFE_E000;
    static final int ITEM_DELIMITATION = 0xFFFE_E00D;
    static final int SEQUENCE_DELIMITATION = 0xFFFE_E0DD;

    private Tag() {
    }

    /** "(0010,0020)", as DICOM tools print a tag. */
    public static String format(int tag) {
        return String.format(Locale.ROOT, "(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }

    static int group(int tag) {
        return tag >>> 16;
    }

    static boolean isPrivate(int tag) {
        return (group(tag) & 1) == 1;
    }

    public static final int ACCESSION_NUMBER = 0x0008_0050;
    static final int ADMISSION_ID = 0x0038_0010;

    /**
     * Attributes that identify a person or lead to one: the Patient module's group (0010,xxxx), any person name,
     * Accession Number and Admission ID. Their values are never printed by this module.
     */
    static boolean identifiesAPerson(int tag, Vr vr) {
        return group(tag) == 0x0010 || vr == Vr.PN || tag == ACCESSION_NUMBER || tag == ADMISSION_ID;
    }
}
