package org.octflow.dicom;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * One B-scan of an OCT volume: its 8-bit grey image and where it came from. {@code jpegBaseline} is the frame's own
 * JPEG as stored (JPEG Baseline transfer syntax), null otherwise: a receiver can pass it on unchanged, so that whoever
 * decodes it next sees the device's JPEG and not a re-encoding.
 */
public record BScan(ScanOrigin origin, BufferedImage image, byte[] jpegBaseline) {

    public BScan(ScanOrigin origin, BufferedImage image) {
        this(origin, image, null);
    }

    public Optional<byte[]> storedJpeg() {
        return Optional.ofNullable(jpegBaseline);
    }
}
