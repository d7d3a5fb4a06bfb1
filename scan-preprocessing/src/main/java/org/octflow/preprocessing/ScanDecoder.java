package org.octflow.preprocessing;

import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.ImageEncoding;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Turns the bytes of a scan (PNG, JPEG or raw 8-bit grey) into a grey image. Colour is reduced to luma with the
 * ITU-R 601 weights, as Pillow's {@code convert("L")} does, so colour scans meet the model as the data set saw them.
 * A file that ends early is refused, not patched up (ImageIO fills missing JPEG rows and only warns). Decoding memory
 * is bounded: an image whose raster would take more than {@link #MAX_RASTER_BYTES} (a 130 KB PNG can declare 128 MiB
 * of 16-bit RGBA) is decoded with every n-th pixel, enough for a 28x28 model input.
 */
public final class ScanDecoder {
    /** The most a decoded raster may take: a 4096x4096 8-bit grey scan, far above any OCT B-scan. */
    public static final long MAX_RASTER_BYTES = 16L << 20;

    /** The size a scan declares and the raster a decode of it takes. */
    public record Header(int width, int height, int bitsPerPixel) {
        public long rasterBytes() {
            return (long) width * height * bitsPerPixel / 8;
        }

        /** Take every n-th pixel in each direction so the raster stays within {@link #MAX_RASTER_BYTES}. */
        public int subsampling() {
            long bytes = rasterBytes();
            return bytes <= MAX_RASTER_BYTES ? 1 : (int) Math.ceil(Math.sqrt((double) bytes / MAX_RASTER_BYTES));
        }
    }

    private final long maxPixels;

    /** @param maxPixels the largest image accepted, checked from the header before any pixel is decoded */
    public ScanDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /** A whole decode: the size the file declares, and its pixels (subsampled when over the raster cap). */
    public record Decoded(Header header, GreyImage image) {
    }

    /** Decodes the whole file (so a damaged one is refused) and returns the size it declares. */
    public Header check(byte[] data, ImageEncoding encoding, int width, int height) throws ScanRejectedException {
        return checkAndDecode(data, encoding, width, height).header();
    }

    /** As {@link #check}, keeping the pixels for whoever needs them (the gateway's preview). */
    public Decoded checkAndDecode(byte[] data, ImageEncoding encoding, int width, int height)
            throws ScanRejectedException {
        if (encoding == ImageEncoding.RAW_GREY8) {
            GreyImage raw = decode(data, encoding, width, height);
            return new Decoded(new Header(raw.width(), raw.height(), 8), raw);
        }
        Header[] header = new Header[1];
        GreyImage image = decodeCompressed(data, encoding, header);
        return new Decoded(header[0], image);
    }

    public GreyImage decode(byte[] data, ImageEncoding encoding, int width, int height) throws ScanRejectedException {
        if (data == null || data.length == 0) {
            throw new ScanRejectedException(ErrorCode.INVALID_DIMENSIONS, "the image is empty (0 bytes)");
        }
        return switch (encoding) {
            case RAW_GREY8 -> raw(data, width, height);
            case PNG, JPEG -> decodeCompressed(data, encoding, new Header[1]);
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

    private GreyImage decodeCompressed(byte[] data, ImageEncoding encoding, Header[] header)
            throws ScanRejectedException {
        if (data == null || data.length == 0) {
            throw new ScanRejectedException(ErrorCode.INVALID_DIMENSIONS, "the image is empty (0 bytes)");
        }
        String format = encoding == ImageEncoding.PNG ? "png" : "jpeg";
        List<String> warnings = new ArrayList<>();
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            ImageReader reader = readerFor(in, format, encoding);
            try {
                reader.setInput(in, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                header[0] = readHeader(reader);
                checkSize(header[0].width(), header[0].height());
                ImageReadParam param = reader.getDefaultReadParam();
                int step = header[0].subsampling();
                param.setSourceSubsampling(step, step, 0, 0);
                image = reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (ScanRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ScanRejectedException(ErrorCode.UNDECODABLE_IMAGE, "the bytes are not a readable "
                    + encoding + " image (" + e.getMessage() + "): send an intact PNG or JPEG", e);
        }
        refuseDamage(data, encoding, warnings);
        return toGrey(image);
    }

    private static Header readHeader(ImageReader reader) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            type = types.hasNext() ? types.next() : null;
        }
        int bits = 32;
        if (type != null) {
            bits = 0;
            for (int size : type.getSampleModel().getSampleSize()) {
                bits += size;
            }
        }
        return new Header(width, height, Math.max(8, bits));
    }

    /**
     * ImageIO fills in what a cut-off JPEG lacks and only warns, and reads a PNG whose last chunk is gone: either
     * would be a prediction made on pixels nobody sent.
     */
    private static void refuseDamage(byte[] data, ImageEncoding encoding, List<String> warnings)
            throws ScanRejectedException {
        for (String warning : warnings) {
            String w = warning.toLowerCase(java.util.Locale.ROOT);
            if (w.contains("truncated") || w.contains("premature end") || w.contains("missing eoi")
                    || w.contains("corrupt")) {
                throw new ScanRejectedException(ErrorCode.UNDECODABLE_IMAGE, "the " + encoding + " is truncated or"
                        + " damaged after " + data.length + " bytes (" + warning + "): send the complete file");
            }
        }
        if (encoding == ImageEncoding.PNG && !endsWithIend(data)) {
            throw new ScanRejectedException(ErrorCode.UNDECODABLE_IMAGE, "the PNG is truncated after " + data.length
                    + " bytes (its IEND chunk is missing): send the complete file");
        }
    }

    /** The PNG's last chunk: zero length, type IEND, its CRC. Trailing bytes after it are tolerated. */
    private static boolean endsWithIend(byte[] data) {
        byte[] iend = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
        outer:
        for (int start = data.length - iend.length; start >= Math.max(8, data.length - 4096); start--) {
            for (int i = 0; i < iend.length; i++) {
                if (data[start + i] != iend[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * The JDK's own reader of {@code format} when there is one, else the first other that reads it: a plugin on the
     * classpath (the gateway carries TwelveMonkeys for DICOM's JPEG Lossless) must not change how a scan the workers
     * read with the JDK's reader decodes.
     */
    private static ImageReader readerFor(ImageInputStream in, String format, ImageEncoding encoding)
            throws ScanRejectedException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        ImageReader chosen = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            boolean reads;
            try {
                reads = reader.getOriginatingProvider() != null
                        && java.util.Arrays.asList(reader.getOriginatingProvider().getFormatNames()).contains(format);
            } catch (RuntimeException ignored) {
                reads = false; // a provider that cannot describe itself is not the one we want
            }
            if (reads && (chosen == null || isJdks(reader) && !isJdks(chosen))) {
                if (chosen != null) {
                    chosen.dispose();
                }
                chosen = reader;
            } else {
                reader.dispose();
            }
        }
        if (chosen == null) {
            throw new ScanRejectedException(ErrorCode.UNDECODABLE_IMAGE, "the bytes are not a " + encoding
                    + " image (no " + encoding + " signature): check the encoding field matches the bytes");
        }
        return chosen;
    }

    private static boolean isJdks(ImageReader reader) {
        return reader.getClass().getName().startsWith("com.sun.imageio.");
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
