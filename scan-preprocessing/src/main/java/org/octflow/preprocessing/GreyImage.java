package org.octflow.preprocessing;

/**
 * An 8-bit grey image, row-major, one unsigned byte per pixel.
 */
public record GreyImage(int width, int height, byte[] pixels) {
    public GreyImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, was " + width + "x" + height);
        }
        if (pixels.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " pixels for " + width + "x" + height
                    + ", got " + pixels.length);
        }
    }

    /** The pixel at (x, y) as 0..255. */
    public int at(int x, int y) {
        return pixels[y * width + x] & 0xff;
    }
}
