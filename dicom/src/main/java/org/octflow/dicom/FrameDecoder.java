package org.octflow.dicom;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns one frame into the 8-bit grey image the classifier takes ({@link BufferedImage#TYPE_BYTE_GRAY}).
 * <ul>
 * <li>8-bit unsigned grey passes unchanged (OCT B-scans are 8-bit: no stretching, so a native frame and the JPEG it
 *     came from give the same pixels); the window is ignored for them.</li>
 * <li>More bits (or signed, or rescaled): modality rescale, then Window Center/Width (0028,1050/1051) when present
 *     (PS3.3 C.11.2.1.2 linear), else the frame's own min..max, to 0..255.</li>
 * <li>MONOCHROME1 is inverted; MONOCHROME2 kept; colour (RGB, YBR_FULL, or a colour JPEG) becomes luma
 *     0.299 R + 0.587 G + 0.114 B; other photometric interpretations are refused.</li>
 * <li>Compressed frames go through ImageIO: the JDK's reader for JPEG Baseline, TwelveMonkeys' for JPEG Lossless,
 *     jai-imageio's for JPEG 2000 (each registers itself from the classpath).</li>
 * </ul>
 */
public final class FrameDecoder {

    public BufferedImage decode(ImagePixel image, TransferSyntax syntax, Frame frame) throws DicomException {
        String photometric = image.photometricInterpretation();
        boolean monochrome = photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2");
        if (!monochrome && !photometric.equals("RGB") && !photometric.startsWith("YBR_")) {
            throw new DicomException("frame " + frame.number() + ": Photometric Interpretation (0028,0004) "
                    + photometric + " is not read; only MONOCHROME1, MONOCHROME2, RGB and YBR colour are");
        }
        int[] samples = syntax.encapsulated()
                ? decompress(image, syntax, frame)
                : nativeSamples(image, frame);
        boolean passThrough = image.bitsStored() <= 8 && !image.signed() && image.rescaleSlope() == 1
                && image.rescaleIntercept() == 0;
        byte[] grey = passThrough ? asBytes(samples) : GreyWindow.of(image, samples).apply(samples);
        if (photometric.equals("MONOCHROME1")) {
            for (int i = 0; i < grey.length; i++) {
                grey[i] = (byte) (255 - (grey[i] & 0xFF));
            }
        }
        BufferedImage result = new BufferedImage(image.columns(), image.rows(), BufferedImage.TYPE_BYTE_GRAY);
        result.getRaster().setDataElements(0, 0, image.columns(), image.rows(), grey);
        return result;
    }

    /** One grey value per pixel from native little-endian samples. */
    private static int[] nativeSamples(ImagePixel image, Frame frame) throws DicomException {
        int pixels = image.rows() * image.columns();
        byte[] data = frame.data();
        if (image.samplesPerPixel() == 3) {
            if (image.bitsAllocated() != 8 || photometricIs(image, "YBR_FULL_422")
                    || photometricIs(image, "YBR_PARTIAL_422")) {
                throw new DicomException("frame " + frame.number() + ": native colour "
                        + image.photometricInterpretation() + " with " + image.bitsAllocated()
                        + "-bit samples is not read; only 8-bit RGB or YBR_FULL");
            }
            int[] grey = new int[pixels];
            boolean planar = image.planarConfiguration() == 1;
            boolean ybr = photometricIs(image, "YBR_FULL");
            for (int i = 0; i < pixels; i++) {
                int a = data[planar ? i : 3 * i] & 0xFF;
                int b = data[planar ? pixels + i : 3 * i + 1] & 0xFF;
                int c = data[planar ? 2 * pixels + i : 3 * i + 2] & 0xFF;
                grey[i] = ybr ? a : luma(a, b, c);
            }
            return grey;
        }
        int[] values = new int[pixels];
        int mask = image.bitsStored() == 32 ? -1 : (1 << image.bitsStored()) - 1;
        int signBit = 1 << (image.bitsStored() - 1);
        for (int i = 0; i < pixels; i++) {
            int raw = image.bitsAllocated() == 8
                    ? data[i] & 0xFF
                    : (data[2 * i] & 0xFF) | (data[2 * i + 1] & 0xFF) << 8;
            int value = raw & mask;
            values[i] = image.signed() && (value & signBit) != 0 ? value - (mask + 1) : value;
        }
        return values;
    }

    private static int[] decompress(ImagePixel image, TransferSyntax syntax, Frame frame) throws DicomException {
        BufferedImage decoded = readWithImageIo(syntax, frame);
        if (decoded.getWidth() != image.columns() || decoded.getHeight() != image.rows()) {
            throw new DicomException("frame " + frame.number() + " decodes to " + decoded.getWidth() + "x"
                    + decoded.getHeight() + " but Columns x Rows (0028,0011/0010) say " + image.columns() + "x"
                    + image.rows() + ": the file is inconsistent");
        }
        Raster raster = decoded.getRaster();
        int width = decoded.getWidth();
        int height = decoded.getHeight();
        if (raster.getNumBands() == 1) {
            return raster.getSamples(0, 0, width, height, 0, (int[]) null);
        }
        if (raster.getNumBands() < 3) {
            throw new DicomException("frame " + frame.number() + " decodes to " + raster.getNumBands()
                    + " bands; only grey or colour images are read");
        }
        int[] rgb = decoded.getRGB(0, 0, width, height, null, 0, width);
        int[] grey = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            grey[i] = luma(rgb[i] >> 16 & 0xFF, rgb[i] >> 8 & 0xFF, rgb[i] & 0xFF);
        }
        return grey;
    }

    /** Tries each registered reader of the format: the JDK's JPEG reader comes first and fails on Lossless. */
    private static BufferedImage readWithImageIo(TransferSyntax syntax, Frame frame) throws DicomException {
        List<String> failures = new ArrayList<>();
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(syntax.imageIoFormat());
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(frame.data()))) {
                reader.setInput(stream, true, true);
                return reader.read(0);
            } catch (IOException | RuntimeException e) {
                failures.add(reader.getClass().getSimpleName() + ": " + e.getMessage());
            } finally {
                reader.dispose();
            }
        }
        throw new DicomException("frame " + frame.number() + " (" + frame.data().length + " bytes of "
                + syntax + ") cannot be decoded"
                + (failures.isEmpty() ? ": no ImageIO reader for " + syntax.imageIoFormat() + " is on the classpath"
                : ": " + String.join("; ", failures)));
    }

    private static boolean photometricIs(ImagePixel image, String name) {
        return image.photometricInterpretation().equals(name);
    }

    private static int luma(int r, int g, int b) {
        return Math.min(255, (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b));
    }

    private static byte[] asBytes(int[] samples) {
        byte[] bytes = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            bytes[i] = (byte) Math.max(0, Math.min(255, samples[i]));
        }
        return bytes;
    }
}
