package org.octflow.gateway.scan;

import java.util.Optional;

/**
 * What a JPEG's markers say before any pixel is decoded: its size, its components, and whether the decoder must
 * hold the whole image's DCT coefficients in memory. libjpeg (inside ImageIO) does so for a progressive frame (SOF2,
 * SOF6, SOF10, SOF14) and for a sequential one whose first scan carries fewer components than the frame (several
 * scans): 2 bytes per pixel and component, in native memory, whatever subsampling the reader is asked for.
 */
record JpegFrame(int width, int height, int components, boolean progressive, boolean multiScan) {

    long pixels() {
        return (long) width * height;
    }

    boolean buffersWholeImage() {
        return progressive || multiScan;
    }

    /**
     * The frame of {@code bytes} when it is a JPEG the decoder would hold whole in memory and it has more than
     * {@code maxPixels}: the one check uploads and scans sent straight to Kafka share before decoding.
     */
    static Optional<JpegFrame> wholeImageOver(byte[] bytes, long maxPixels) {
        return read(bytes).filter(frame -> frame.buffersWholeImage() && frame.pixels() > maxPixels);
    }

    /** The first frame header and scan header; empty if the bytes are no JPEG or end before a frame header. */
    static Optional<JpegFrame> read(byte[] bytes) {
        if (bytes.length < 4 || u8(bytes, 0) != 0xFF || u8(bytes, 1) != 0xD8) {
            return Optional.empty();
        }
        JpegFrame frame = null;
        int at = 2;
        while (at + 4 <= bytes.length) {
            if (u8(bytes, at) != 0xFF) {
                break; // not a marker where one must be: the decoder will say what is wrong
            }
            int marker = u8(bytes, at + 1);
            if (marker == 0xFF) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xD9) {
                break;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                at += 2; // markers without a length
                continue;
            }
            int length = u16(bytes, at + 2);
            if (length < 2 || at + 2 + length > bytes.length) {
                break;
            }
            if (isFrameHeader(marker) && length >= 8 && frame == null) {
                boolean progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
                frame = new JpegFrame(u16(bytes, at + 7), u16(bytes, at + 5), u8(bytes, at + 9), progressive, false);
            } else if (marker == 0xDA && frame != null) {
                int scanComponents = u8(bytes, at + 4);
                return Optional.of(new JpegFrame(frame.width, frame.height, frame.components, frame.progressive,
                        scanComponents < frame.components));
            }
            at += 2 + length;
        }
        return Optional.ofNullable(frame);
    }

    /** SOF0..SOF15, less DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static int u8(byte[] bytes, int at) {
        return bytes[at] & 0xFF;
    }

    private static int u16(byte[] bytes, int at) {
        return (u8(bytes, at) << 8) | u8(bytes, at + 1);
    }
}
