package org.octflow.dicom;

import java.util.List;
import java.util.Optional;

/**
 * An Ophthalmic Tomography Image being read: its identifiers and patient are known, its B-scans come one at a time
 * with {@link #nextBScan()} (one per frame, in frame order) from the stream, which the caller owns and closes.
 */
public final class OctVolume {

    private final DicomInstance instance;
    private final FrameDecoder decoder;
    private final PatientIdentity patient;

    OctVolume(DicomInstance instance, FrameDecoder decoder) {
        this.instance = instance;
        this.decoder = decoder;
        this.patient = PatientIdentity.of(instance.attributes());
    }

    public PatientIdentity patient() {
        return patient;
    }

    public Attributes attributes() {
        return instance.attributes();
    }

    public int frames() throws DicomException {
        return instance.imagePixel().numberOfFrames();
    }

    public Optional<BScan> nextBScan() throws DicomException {
        Optional<Frame> frame = instance.nextFrame();
        if (frame.isEmpty()) {
            return Optional.empty();
        }
        boolean jpeg = instance.transferSyntax() == TransferSyntax.JPEG_BASELINE;
        return Optional.of(new BScan(origin(frame.get().number()),
                decoder.decode(instance.imagePixel(), instance.transferSyntax(), frame.get()),
                jpeg ? withoutPadding(frame.get().data()) : null));
    }

    /** A fragment is padded to even length (PS3.5 A.4): a zero byte after the EOI marker is not part of the JPEG. */
    private static byte[] withoutPadding(byte[] jpeg) {
        int n = jpeg.length;
        if (n >= 3 && jpeg[n - 1] == 0 && (jpeg[n - 3] & 0xFF) == 0xFF && (jpeg[n - 2] & 0xFF) == 0xD9) {
            return java.util.Arrays.copyOf(jpeg, n - 1);
        }
        return jpeg;
    }

    /** The identifiers of the given frame's B-scan. */
    public ScanOrigin origin(int frameNumber) {
        Attributes a = instance.attributes();
        return new ScanOrigin(a.string(Tag.STUDY_INSTANCE_UID).orElse(""), a.string(Tag.SERIES_INSTANCE_UID).orElse(""),
                a.string(Tag.SOP_INSTANCE_UID).orElse(""), instance.sopClassUid(), frameNumber, laterality(a));
    }

    private static String laterality(Attributes a) {
        return a.string(Tag.IMAGE_LATERALITY).or(() -> firstItem(a.sequence(Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE))
                        .flatMap(shared -> firstItem(shared.sequence(Tag.FRAME_ANATOMY_SEQUENCE)))
                        .flatMap(anatomy -> anatomy.string(Tag.FRAME_LATERALITY)))
                .orElse("");
    }

    private static Optional<Attributes> firstItem(List<Attributes> items) {
        return items.stream().findFirst();
    }

    @Override
    public String toString() {
        return "OctVolume[" + instance + ", study " + instance.attributes().string(Tag.STUDY_INSTANCE_UID).orElse("?")
                + "]";
    }
}
