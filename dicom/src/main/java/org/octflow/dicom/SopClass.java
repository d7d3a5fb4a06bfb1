package org.octflow.dicom;

import java.util.Arrays;
import java.util.Optional;

/**
 * The SOP classes an ophthalmic PACS or device sends, by name (PS3.4 B.5), so a refusal can say what arrived:
 * "not an OCT B-scan: Ophthalmic Photography 8 Bit Image (1.2.840.10008.5.1.4.1.1.77.1.5.1)".
 */
public enum SopClass {
    OPHTHALMIC_TOMOGRAPHY_IMAGE("1.2.840.10008.5.1.4.1.1.77.1.5.4", "Ophthalmic Tomography Image"),
    OPHTHALMIC_PHOTOGRAPHY_8_BIT_IMAGE("1.2.840.10008.5.1.4.1.1.77.1.5.1", "Ophthalmic Photography 8 Bit Image"),
    OPHTHALMIC_PHOTOGRAPHY_16_BIT_IMAGE("1.2.840.10008.5.1.4.1.1.77.1.5.2", "Ophthalmic Photography 16 Bit Image"),
    OPHTHALMIC_OCT_EN_FACE_IMAGE("1.2.840.10008.5.1.4.1.1.77.1.5.7", "Ophthalmic Optical Coherence Tomography En Face "
            + "Image"),
    OPHTHALMIC_OCT_B_SCAN_VOLUME_ANALYSIS("1.2.840.10008.5.1.4.1.1.77.1.5.8", "Ophthalmic Optical Coherence "
            + "Tomography B-scan Volume Analysis"),
    WIDE_FIELD_OPHTHALMIC_PHOTOGRAPHY_3D("1.2.840.10008.5.1.4.1.1.77.1.5.6", "Wide Field Ophthalmic Photography 3D "
            + "Coordinates Image"),
    RAW_DATA("1.2.840.10008.5.1.4.1.1.66", "Raw Data"),
    SECONDARY_CAPTURE_IMAGE("1.2.840.10008.5.1.4.1.1.7", "Secondary Capture Image"),
    ENCAPSULATED_PDF("1.2.840.10008.5.1.4.1.1.104.1", "Encapsulated PDF"),
    BASIC_TEXT_SR("1.2.840.10008.5.1.4.1.1.88.11", "Basic Text SR"),
    ENHANCED_SR("1.2.840.10008.5.1.4.1.1.88.22", "Enhanced SR"),
    COMPREHENSIVE_SR("1.2.840.10008.5.1.4.1.1.88.33", "Comprehensive SR");

    private final String uid;
    private final String displayName;

    SopClass(String uid, String displayName) {
        this.uid = uid;
        this.displayName = displayName;
    }

    public String uid() {
        return uid;
    }

    public String displayName() {
        return displayName;
    }

    public static Optional<SopClass> of(String uid) {
        return Arrays.stream(values()).filter(c -> c.uid.equals(uid)).findFirst();
    }

    /** "Name (UID)" for a known class, "SOP class UID" otherwise, for messages. */
    public static String describe(String uid) {
        if (uid == null || uid.isEmpty()) {
            return "an object without SOP Class UID (0008,0016)";
        }
        return of(uid).map(c -> c.displayName + " (" + uid + ")").orElse("SOP class " + uid);
    }
}
