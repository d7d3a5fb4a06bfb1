package org.octflow.dicom;

import java.util.Map;

/**
 * The transfer syntaxes read (PS3.5 10 and A.4), and the names of those refused so the refusal can say which one it
 * was: "Explicit VR Big Endian (1.2.840.10008.1.2.2) is not read: ...".
 */
public enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, null),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, null),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, true,
            null),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, "jpeg"),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction (Process 14 SV1)", true, false,
            "jpeg"),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", true, false,
            "jpeg2000"),
    JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", true, false, "jpeg2000");

    /** Known but not read, with why; anything else is refused as unknown. */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired; no OCT device writes it)"),
            Map.entry("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
            Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression"),
            Map.entry("1.2.840.10008.1.2.5", "RLE Lossless"),
            Map.entry("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
            Map.entry("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
            Map.entry("1.2.840.10008.1.2.4.110", "JPEG XL Lossless"));

    private final String uid;
    private final String displayName;
    private final boolean explicitVr;
    private final boolean deflated;
    private final String imageIoFormat;

    TransferSyntax(String uid, String displayName, boolean explicitVr, boolean deflated, String imageIoFormat) {
        this.uid = uid;
        this.displayName = displayName;
        this.explicitVr = explicitVr;
        this.deflated = deflated;
        this.imageIoFormat = imageIoFormat;
    }

    public String uid() {
        return uid;
    }

    public String displayName() {
        return displayName;
    }

    boolean explicitVr() {
        return explicitVr;
    }

    boolean deflated() {
        return deflated;
    }

    /** Frames are compressed fragments in items (PS3.5 A.4), not raw pixels. */
    public boolean encapsulated() {
        return imageIoFormat != null;
    }

    /** The ImageIO format name whose reader decodes a frame; null for native pixels. */
    String imageIoFormat() {
        return imageIoFormat;
    }

    /** The syntax named by (0002,0010), or a refusal that names it. */
    public static TransferSyntax of(String uid) throws DicomException {
        for (TransferSyntax syntax : values()) {
            if (syntax.uid.equals(uid)) {
                return syntax;
            }
        }
        String known = REFUSED.get(uid);
        if (known != null) {
            throw new DicomException(DicomException.Kind.TRANSFER_SYNTAX_NOT_READ, "transfer syntax " + known
                    + " (" + uid + ") is not read: ask the sender for "
                    + "Explicit VR Little Endian, JPEG Baseline or JPEG Lossless SV1");
        }
        throw new DicomException(DicomException.Kind.TRANSFER_SYNTAX_NOT_READ,
                "transfer syntax " + uid + " is unknown to this reader: ask the sender for "
                + "Explicit VR Little Endian, JPEG Baseline or JPEG Lossless SV1");
    }

    @Override
    public String toString() {
        return displayName + " (" + uid + ")";
    }
}
