package org.octflow.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Encapsulated Pixel Data (PS3.5 A.4): a Basic Offset Table item, then fragment items, then a sequence delimiter.
 * Fragments are grouped into frames by the offset table when it has one offset per frame; otherwise (the empty
 * table Heidelberg and pydicom write) a single frame takes every fragment, and several frames end each at the
 * fragment that ends with the JPEG EOI / JPEG 2000 EOC marker (FFD9), so one fragment per frame and frames split
 * over fragments both read.
 */
final class EncapsulatedFrames implements FrameSource {

    private static final int MAX_OFFSET_TABLE = 4 * 1_000_000;

    private final DicomInput in;
    private final int frames;
    private final long[] offsets;
    private final long firstFragment;
    private int read;
    private boolean ended;

    EncapsulatedFrames(DicomInput in, ImagePixel image, DataSetParser.Header pixelData) throws DicomException {
        this.in = in;
        this.frames = image.numberOfFrames();
        if (!pixelData.undefinedLength()) {
            throw new DicomException("Pixel Data (7FE0,0010) at " + in.at(pixelData.offset()) + " has a defined "
                    + "length in a compressed transfer syntax; encapsulated pixel data must have an undefined length");
        }
        DataSetParser.Header table = new DataSetParser(in).readHeader(true);
        if (table.tag() != Tag.ITEM || table.undefinedLength() || table.length() % 4 != 0
                || table.length() > MAX_OFFSET_TABLE) {
            throw new DicomException("encapsulated Pixel Data must start with a Basic Offset Table item; found "
                    + Tag.format(table.tag()) + " of length " + table.length() + " at " + in.at(table.offset()));
        }
        ByteBuffer entries = ByteBuffer.wrap(in.readBytes((int) table.length(), "the Basic Offset Table"))
                .order(ByteOrder.LITTLE_ENDIAN);
        long[] values = new long[(int) table.length() / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = entries.getInt() & 0xFFFF_FFFFL;
        }
        this.offsets = values.length == frames && frames > 1 ? values : null;
        this.firstFragment = in.position();
    }

    @Override
    public Optional<Frame> next() throws DicomException {
        if (read == frames || ended) {
            if (read < frames) {
                throw new DicomException("encapsulated Pixel Data ended after " + read + " of " + frames
                        + " frames (Number of Frames (0028,0008)) at " + in.at() + ": the file is inconsistent");
            }
            return Optional.empty();
        }
        int number = read + 1;
        if (offsets != null && in.position() - firstFragment != offsets[read]) {
            throw new DicomException("the Basic Offset Table puts frame " + number + " at fragment offset "
                    + offsets[read] + " but the fragments put it at " + (in.position() - firstFragment)
                    + ": the file is inconsistent");
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        while (true) {
            if (offsets != null && number < frames && in.position() - firstFragment >= offsets[number]) {
                break;
            }
            DataSetParser.Header item = new DataSetParser(in).readHeader(true);
            if (item.tag() == Tag.SEQUENCE_DELIMITATION) {
                ended = true;
                break;
            }
            if (item.tag() != Tag.ITEM || item.undefinedLength() || item.length() > Integer.MAX_VALUE - 8) {
                throw new DicomException("encapsulated Pixel Data holds " + Tag.format(item.tag()) + " of length "
                        + item.length() + " at " + in.at(item.offset()) + " where a fragment item must be");
            }
            byte[] fragment = in.readBytes((int) item.length(), "a fragment of frame " + number);
            frame.writeBytes(fragment);
            if (offsets == null && frames > 1 && endsWithEndOfImage(fragment)) {
                break;
            }
        }
        if (frame.size() == 0) {
            throw new DicomException("encapsulated Pixel Data ended after " + read + " of " + frames
                    + " frames (Number of Frames (0028,0008)) at " + in.at() + ": the file is inconsistent");
        }
        read = number;
        return Optional.of(new Frame(number, frame.toByteArray()));
    }

    /** FFD9 closes a JPEG (EOI) and a JPEG 2000 codestream (EOC); fragments are padded to even length with 00. */
    private static boolean endsWithEndOfImage(byte[] fragment) {
        int end = fragment.length;
        while (end > 0 && fragment[end - 1] == 0) {
            end--;
        }
        return end >= 2 && (fragment[end - 2] & 0xFF) == 0xFF && (fragment[end - 1] & 0xFF) == 0xD9;
    }
}
