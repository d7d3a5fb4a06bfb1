package org.octflow.dicom;

import java.util.Optional;

/**
 * One DICOM object read up to its Pixel Data: the File Meta and data set attributes are in memory, the frames are
 * read one at a time with {@link #nextFrame()} from the stream the reader was given (which the caller still owns
 * and closes). Attributes after Pixel Data (trailing padding, signatures) are not read.
 */
public final class DicomInstance {

    private final Attributes fileMeta;
    private final Attributes attributes;
    private final TransferSyntax transferSyntax;
    private final ImagePixel imagePixel;
    private final FrameSource frames;

    DicomInstance(Attributes fileMeta, Attributes attributes, TransferSyntax transferSyntax, ImagePixel imagePixel,
                  FrameSource frames) {
        this.fileMeta = fileMeta;
        this.attributes = attributes;
        this.transferSyntax = transferSyntax;
        this.imagePixel = imagePixel;
        this.frames = frames;
    }

    public Attributes fileMeta() {
        return fileMeta;
    }

    public Attributes attributes() {
        return attributes;
    }

    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /** SOP Class UID (0008,0016), else the File Meta's Media Storage SOP Class UID. */
    public String sopClassUid() {
        return attributes.string(Tag.SOP_CLASS_UID)
                .or(() -> fileMeta.string(Tag.MEDIA_STORAGE_SOP_CLASS_UID))
                .orElse("");
    }

    public boolean hasPixelData() {
        return imagePixel != null;
    }

    /** How to read the frames; refused with the SOP class named when the object has no Pixel Data. */
    public ImagePixel imagePixel() throws DicomException {
        if (imagePixel == null) {
            throw new DicomException("no Pixel Data (7FE0,0010): " + SopClass.describe(sopClassUid())
                    + " is not an image");
        }
        return imagePixel;
    }

    /** The next frame from the stream (frames come in order, each once), or empty after the last. */
    public Optional<Frame> nextFrame() throws DicomException {
        imagePixel();
        return frames.next();
    }

    @Override
    public String toString() {
        return "DicomInstance[" + SopClass.describe(sopClassUid()) + ", " + transferSyntax
                + (imagePixel == null ? ", no pixel data" : ", " + imagePixel.numberOfFrames() + " frame(s) "
                + imagePixel.columns() + "x" + imagePixel.rows()) + "]";
    }
}
