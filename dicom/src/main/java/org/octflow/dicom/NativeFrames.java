package org.octflow.dicom;

import java.util.Optional;

/** Native Pixel Data: frames are consecutive slices of {@link ImagePixel#frameLength()} bytes (PS3.5 8.1). */
final class NativeFrames implements FrameSource {

    private final DicomInput in;
    private final ImagePixel image;
    private int read;

    NativeFrames(DicomInput in, ImagePixel image, DataSetParser.Header pixelData) throws DicomException {
        this.in = in;
        this.image = image;
        if (pixelData.undefinedLength()) {
            throw new DicomException("Pixel Data (7FE0,0010) at " + in.at(pixelData.offset()) + " is encapsulated "
                    + "(undefined length) but the transfer syntax is uncompressed: the file is inconsistent");
        }
        long needed = image.frameLength() * image.numberOfFrames();
        if (image.frameLength() > Integer.MAX_VALUE - 8) {
            throw new DicomException("one frame of " + image.rows() + " x " + image.columns() + " is over 2 GB: "
                    + "not read");
        }
        if (pixelData.length() < needed) {
            throw new DicomException("Pixel Data (7FE0,0010) at " + in.at(pixelData.offset()) + " holds "
                    + pixelData.length() + " bytes but " + image.numberOfFrames() + " frame(s) of " + image.rows()
                    + " x " + image.columns() + " x " + image.samplesPerPixel() + " samples of "
                    + image.bitsAllocated() + " bits need " + needed + ": the file is inconsistent");
        }
    }

    @Override
    public Optional<Frame> next() throws DicomException {
        if (read == image.numberOfFrames()) {
            return Optional.empty();
        }
        read++;
        return Optional.of(new Frame(read, in.readBytes((int) image.frameLength(),
                "frame " + read + " of " + image.numberOfFrames() + " in Pixel Data (7FE0,0010)")));
    }
}
