package org.octflow.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Little-endian reads from a stream that count the bytes consumed, so every error can say at which byte offset it
 * happened, and a stream that ends early becomes "truncated at offset N while reading X" instead of an EOFException.
 */
final class DicomInput {

    private static final int TRUSTED_LENGTH = 1 << 20;

    private final PushbackInputStream in;
    private final String where;
    private long position;

    /** @param where how offsets are named in messages, e.g. "byte offset" or "offset in the inflated data set" */
    DicomInput(InputStream in, String where) {
        this.in = new PushbackInputStream(in, 8);
        this.where = where;
    }

    /** The bytes not yet read, including any put back: a Deflated data set is inflated from here. */
    InputStream remaining() {
        return in;
    }

    long position() {
        return position;
    }

    String at() {
        return where + " " + position;
    }

    String at(long offset) {
        return where + " " + offset;
    }

    /** True when no byte is left: a data set may end only there. */
    boolean atEnd() throws DicomException {
        int next = read();
        if (next < 0) {
            return true;
        }
        unreadOne(next);
        return false;
    }

    int readU16(String what) throws DicomException {
        byte[] b = readBytes(2, what);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
    }

    long readU32(String what) throws DicomException {
        byte[] b = readBytes(4, what);
        return (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
    }

    int readTag(String what) throws DicomException {
        int group = readU16(what);
        int element = readU16(what);
        return group << 16 | element;
    }

    /** Puts back a tag read too far (the end of the File Meta group is known only by the next group). */
    void unreadTag(int tag) throws DicomException {
        byte[] b = {(byte) (tag >>> 16), (byte) (tag >>> 24), (byte) tag, (byte) (tag >>> 8)};
        try {
            in.unread(b);
        } catch (IOException e) {
            throw new IllegalStateException("pushback buffer too small", e);
        }
        position -= 4;
    }

    byte[] readBytes(int length, String what) throws DicomException {
        if (length > TRUSTED_LENGTH) {
            return readUntrustedLength(length, what);
        }
        byte[] value = new byte[length];
        int done = 0;
        try {
            while (done < length) {
                int n = in.read(value, done, length - done);
                if (n < 0) {
                    throw truncated(what, position + done);
                }
                done += n;
            }
        } catch (IOException e) {
            throw unreadable(what, e);
        }
        position += length;
        return value;
    }

    /**
     * A large declared length (a frame, a fragment) is read in chunks, so a truncated or hostile file that claims a
     * gigabyte fails as truncated instead of allocating it first.
     */
    private byte[] readUntrustedLength(int length, String what) throws DicomException {
        byte[] value;
        try {
            value = in.readNBytes(length);
        } catch (IOException e) {
            throw unreadable(what, e);
        }
        if (value.length < length) {
            throw truncated(what, position + value.length);
        }
        position += length;
        return value;
    }

    void skip(long length, String what) throws DicomException {
        long done = 0;
        try {
            while (done < length) {
                long n = in.skip(length - done);
                if (n <= 0) {
                    if (in.read() < 0) {
                        throw truncated(what, position + done);
                    }
                    n = 1;
                }
                done += n;
            }
        } catch (IOException e) {
            throw unreadable(what, e);
        }
        position += length;
    }

    private int read() throws DicomException {
        try {
            return in.read();
        } catch (IOException e) {
            throw unreadable("the next element", e);
        }
    }

    private void unreadOne(int b) {
        try {
            in.unread(b);
        } catch (IOException e) {
            throw new IllegalStateException("pushback buffer too small", e);
        }
    }

    private DicomException truncated(String what, long offset) {
        return new DicomException("truncated DICOM file: it ends at " + at(offset) + " while reading " + what
                + "; send the complete file");
    }

    private DicomException unreadable(String what, IOException e) {
        // A ZipException from a Deflated data set lands here too: its message names no patient value.
        return new DicomException("cannot read " + what + " at " + at() + ": " + e.getMessage(), e);
    }
}
