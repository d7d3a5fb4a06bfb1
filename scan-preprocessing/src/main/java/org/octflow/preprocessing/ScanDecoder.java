package org.octflow.preprocessing;

import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.ImageEncoding;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Turns the bytes of a scan (PNG, JPEG or raw 8-bit grey) into a grey image. Colour is reduced to luma with the
 * ITU-R 601 weights, as Pillow's {@code convert("L")} does, so colour scans meet the model as the data set saw them.
 */
public final class ScanDecoder {
    private final long maxPixels;

    /** @param maxPixels the largest image accepted, checked from the header before any pixel is decoded */
    public ScanDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public GreyImage decode(byte[] data, ImageEncoding encoding, int width, int height) throws ScanRejectedException {
        if (data == null || data.length == 0) {
            throw new ScanRejectedException(ErrorCode.INVALID_DIMENSIONS, "the image is empty (0 bytes)");
        }
        return switch (encoding) {
            case RAW_GREY8 -> raw(data, width, height);
            case PNG, JPEG -> compressed(data, encoding);
            default -> throw new ScanRejectedException(ErrorCode.UNSUPPORTED_ENCODING, "encoding "
                    + encoding + " is not supported: send PNG, JPEG or RAW_GREY8");
        };
    }

    private GreyImage raw(byte[] data, int width, int height) throws ScanRejectedException {
        if (width <= 0 || height <= 0 || (long) width * height != data.length) {
            throw new ScanRejectedException(ErrorCode.INVALID_DIMENSIONS, "RAW_GREY8 image of " + width + "x" + height
                    + " needs " + (long) Math.max(width, 0) * Math.max(height, 0) + " bytes but has " + data.length
                    + ": set width and height to the image's size");
        }
        checkSize(width, height);
        return new GreyImage(width, height, data.clone());
    }

    private GreyImage compressed(byte[] data, ImageEncoding encoding) throws ScanRejectedException {
        String format = encoding == ImageEncoding.PNG ? "png" : "jpeg";
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            ImageReader reader = readerFor(in, format, encoding);
            try {
                reader.setInput(in, true, true);
                checkSize(reader.getWidth(0), reader.getHeight(0));
                return toGrey(reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new ScanRejectedException(ErrorCode.UNDECODABLE_IMAGE, "the bytes are not a readable "
                    + encoding + " image (" + e.getMessage() + "): send an intact PNG or JPEG", e);
        }
    }

    private static ImageReader readerFor(ImageInputStream in, String format, ImageEncoding encoding)
            throws ScanRejectedException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            try {
                if (reader.getOriginatingProvider() != null
                        && java.util.Arrays.asList(reader.getOriginatingProvider().getFormatNames()).contains(format)) {
                    return reader;
                }
            } catch (RuntimeException ignored) {
                // a provider that cannot describe itself is not the one we want
            }
            reader.dispose();
        }
        throw new ScanRejectedException(ErrorCode.UNDECODABLE_IMAGE, "the bytes are not a " + encoding
                + " image (no " + encoding + " signature): check the encoding field matches the bytes");
    }

    private void checkSize(int width, int height) throws ScanRejectedException {
        if ((long) width * height > maxPixels) {
            throw new ScanRejectedException(ErrorCode.INVALID_DIMENSIONS, "image is " + width + "x" + height
                    + ", larger than the " + maxPixels + "-pixel limit: send the B-scan at its native size");
        }
    }

    static GreyImage toGrey(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] grey = new byte[width * height];
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        boolean greyModel = image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        if (greyModel && (bands == 1 || bands == 2)) {
            // Grey (with or without alpha): take the samples as they are, scaled down from 16 bits if need be.
            int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    grey[y * width + x] = (byte) (raster.getSample(x, y, 0) >> shift);
                }
            }
        } else {
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                image.getRGB(0, y, width, 1, row, 0, width);
                for (int x = 0; x < width; x++) {
                    int rgb = row[x];
                    int r = (rgb >> 16) & 0xff;
                    int g = (rgb >> 8) & 0xff;
                    int b = rgb & 0xff;
                    grey[y * width + x] = (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
                }
            }
        }
        return new GreyImage(width, height, grey);
    }
}
