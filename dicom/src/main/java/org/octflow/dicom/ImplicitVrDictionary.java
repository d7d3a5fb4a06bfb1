package org.octflow.dicom;

import java.util.Map;

/**
 * The VRs of the attributes this module reads, for Implicit VR data sets where the file does not say them
 * (PS3.6). Any other attribute is kept as UN: its text is still readable as a string, and an undefined length marks
 * a sequence whatever the dictionary says.
 */
final class ImplicitVrDictionary {

    private static final Map<Integer, Vr> VRS = Map.ofEntries(
            Map.entry(Tag.SPECIFIC_CHARACTER_SET, Vr.CS),
            Map.entry(Tag.SOP_CLASS_UID, Vr.UI),
            Map.entry(Tag.SOP_INSTANCE_UID, Vr.UI),
            Map.entry(Tag.MODALITY, Vr.CS),
            Map.entry(Tag.PATIENT_NAME, Vr.PN),
            Map.entry(Tag.PATIENT_ID, Vr.LO),
            Map.entry(Tag.PATIENT_BIRTH_DATE, Vr.DA),
            Map.entry(Tag.STUDY_INSTANCE_UID, Vr.UI),
            Map.entry(Tag.SERIES_INSTANCE_UID, Vr.UI),
            Map.entry(Tag.IMAGE_LATERALITY, Vr.CS),
            Map.entry(Tag.FRAME_LATERALITY, Vr.CS),
            Map.entry(Tag.FRAME_ANATOMY_SEQUENCE, Vr.SQ),
            Map.entry(Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE, Vr.SQ),
            Map.entry(Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE, Vr.SQ),
            Map.entry(Tag.SAMPLES_PER_PIXEL, Vr.US),
            Map.entry(Tag.PHOTOMETRIC_INTERPRETATION, Vr.CS),
            Map.entry(Tag.PLANAR_CONFIGURATION, Vr.US),
            Map.entry(Tag.NUMBER_OF_FRAMES, Vr.IS),
            Map.entry(Tag.ROWS, Vr.US),
            Map.entry(Tag.COLUMNS, Vr.US),
            Map.entry(Tag.BITS_ALLOCATED, Vr.US),
            Map.entry(Tag.BITS_STORED, Vr.US),
            Map.entry(Tag.HIGH_BIT, Vr.US),
            Map.entry(Tag.PIXEL_REPRESENTATION, Vr.US),
            Map.entry(Tag.WINDOW_CENTER, Vr.DS),
            Map.entry(Tag.WINDOW_WIDTH, Vr.DS),
            Map.entry(Tag.RESCALE_INTERCEPT, Vr.DS),
            Map.entry(Tag.RESCALE_SLOPE, Vr.DS),
            Map.entry(Tag.PIXEL_DATA, Vr.OW));

    private ImplicitVrDictionary() {
    }

    static Vr vrOf(int tag) {
        if ((tag & 0xFFFF) == 0) {
            return Vr.UL; // group length
        }
        return VRS.getOrDefault(tag, Vr.UN);
    }
}
