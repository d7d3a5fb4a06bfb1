package org.octflow.preprocessing;

import org.octflow.contracts.v1.ImageEncoding;

import java.nio.FloatBuffer;

/**
 * Where a scan becomes a model input, for training and serving alike: decode, grey, centre-crop to a square,
 * resize to {@code size}x{@code size}, then {@code (pixel / 255 - mean) / std}.
 */
public final class ScanPreprocessor {
    /** OCTMNIST's side. */
    public static final int MODEL_SIDE = 28;
    /** The largest image accepted by default: well above any OCT B-scan (1536x496 in OCT2017). */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    /** How the manifest describes this class's work. */
    public static final String DESCRIPTION = "decode PNG/JPEG/RAW_GREY8; grey (ITU-R 601 luma); centre-crop to a square;"
            + " resize to 28x28 (antialiased bilinear, as Pillow); x = (pixel/255 - mean) / std";

    private final ScanDecoder decoder;
    private final SquareResampler resampler;
    private final float mean;
    private final float std;

    public ScanPreprocessor(double mean, double std) {
        this(new ScanDecoder(DEFAULT_MAX_PIXELS), MODEL_SIDE, mean, std);
    }

    public ScanPreprocessor(ScanDecoder decoder, int size, double mean, double std) {
        if (!(std > 0)) {
            throw new IllegalArgumentException("normalisation std must be positive, was " + std);
        }
        this.decoder = decoder;
        this.resampler = new SquareResampler(size);
        this.mean = (float) mean;
        this.std = (float) std;
    }

    /** Decodes any accepted scan and brings it to the model's size, still as 8-bit grey. */
    public GreyImage toModelSize(byte[] data, ImageEncoding encoding, int width, int height)
            throws ScanRejectedException {
        return resampler.centreCropResize(decoder.decode(data, encoding, width, height));
    }

    /** Brings a decoded image to the model's size (a no-op copy when it already is). */
    public GreyImage toModelSize(GreyImage image) {
        return resampler.centreCropResize(image);
    }

    /** Writes the normalised pixels of a model-size image at the buffer's position, advancing it. */
    public void writeNormalized(GreyImage modelSize, FloatBuffer out) {
        byte[] pixels = modelSize.pixels();
        for (byte pixel : pixels) {
            out.put(normalize(pixel & 0xff));
        }
    }

    /** Writes normalised pixels into {@code out} starting at {@code offset}. */
    public void writeNormalized(GreyImage modelSize, float[] out, int offset) {
        byte[] pixels = modelSize.pixels();
        for (int i = 0; i < pixels.length; i++) {
            out[offset + i] = normalize(pixels[i] & 0xff);
        }
    }

    public float normalize(int pixel) {
        return (pixel / 255f - mean) / std;
    }
}
