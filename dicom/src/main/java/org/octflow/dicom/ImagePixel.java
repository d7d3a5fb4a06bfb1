package org.octflow.dicom;

import java.util.OptionalDouble;

/**
 * The Image Pixel module attributes (PS3.3 C.7.6.3) that say how to cut and read frames, checked once: a frame
 * cannot be sliced or shown without them. Window and rescale are optional.
 */
public record ImagePixel(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored,
                         boolean signed, String photometricInterpretation, int planarConfiguration,
                         int numberOfFrames, OptionalDouble windowCenter, OptionalDouble windowWidth,
                         double rescaleSlope, double rescaleIntercept) {

    static ImagePixel of(Attributes attributes) throws DicomException {
        int rows = required(attributes, Tag.ROWS, "Rows");
        int columns = required(attributes, Tag.COLUMNS, "Columns");
        int bitsAllocated = required(attributes, Tag.BITS_ALLOCATED, "Bits Allocated");
        int samples = attributes.integer(Tag.SAMPLES_PER_PIXEL).orElse(1);
        if (rows <= 0 || columns <= 0) {
            throw new DicomException("Rows (0028,0010) x Columns (0028,0011) is " + rows + " x " + columns
                    + ": an image needs both above 0");
        }
        if (bitsAllocated != 8 && bitsAllocated != 16) {
            throw new DicomException("Bits Allocated (0028,0100) is " + bitsAllocated + ": only 8- and 16-bit pixels "
                    + "are read");
        }
        if (samples != 1 && samples != 3) {
            throw new DicomException("Samples per Pixel (0028,0002) is " + samples + ": only 1 (grey) or 3 (colour) "
                    + "are read");
        }
        int bitsStored = attributes.integer(Tag.BITS_STORED).orElse(bitsAllocated);
        if (bitsStored <= 0 || bitsStored > bitsAllocated) {
            throw new DicomException("Bits Stored (0028,0101) is " + bitsStored + " with Bits Allocated "
                    + bitsAllocated + ": the file is inconsistent");
        }
        int frames = attributes.integer(Tag.NUMBER_OF_FRAMES).orElse(1);
        if (frames <= 0) {
            throw new DicomException("Number of Frames (0028,0008) is " + frames + ": the file is inconsistent");
        }
        String photometric = attributes.string(Tag.PHOTOMETRIC_INTERPRETATION)
                .orElse(samples == 1 ? "MONOCHROME2" : "RGB");
        return new ImagePixel(rows, columns, samples, bitsAllocated, bitsStored,
                attributes.integer(Tag.PIXEL_REPRESENTATION).orElse(0) == 1, photometric,
                attributes.integer(Tag.PLANAR_CONFIGURATION).orElse(0), frames,
                attributes.decimal(Tag.WINDOW_CENTER), attributes.decimal(Tag.WINDOW_WIDTH),
                attributes.decimal(Tag.RESCALE_SLOPE).orElse(1), attributes.decimal(Tag.RESCALE_INTERCEPT).orElse(0));
    }

    /** Bytes of one native frame. */
    public long frameLength() {
        return (long) rows * columns * samplesPerPixel * (bitsAllocated / 8);
    }

    private static int required(Attributes attributes, int tag, String name) throws DicomException {
        return attributes.integer(tag).orElseThrow(() -> new DicomException(
                name + " " + Tag.format(tag) + " is missing: the frames cannot be read without it"));
    }
}
