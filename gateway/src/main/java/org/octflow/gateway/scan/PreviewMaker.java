package org.octflow.gateway.scan;

import org.octflow.preprocessing.GreyImage;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Makes a scan's preview: grey JPEG (quality 0.85), longest side at most {@code maxSide}. Shrinks by halves with
 * bilinear filtering, which keeps the thin retinal layers that one big bilinear step would alias away.
 */
public final class PreviewMaker {
    public static final int DEFAULT_MAX_SIDE = 512;
    private static final float QUALITY = 0.85f;

    private final int maxSide;

    public PreviewMaker(int maxSide) {
        if (maxSide < 16) {
            throw new IllegalArgumentException("octflow.previews.max-side is " + maxSide + ": set at least 16");
        }
        this.maxSide = maxSide;
    }

    public Preview of(GreyImage image) {
        BufferedImage grey = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        System.arraycopy(image.pixels(), 0, target, 0, target.length);
        double scale = Math.min(1.0, (double) maxSide / Math.max(image.width(), image.height()));
        int width = Math.max(1, (int) Math.round(image.width() * scale));
        int height = Math.max(1, (int) Math.round(image.height() * scale));
        BufferedImage small = grey;
        while (small.getWidth() != width || small.getHeight() != height) {
            small = resize(small, Math.max(width, small.getWidth() / 2), Math.max(height, small.getHeight() / 2));
        }
        return new Preview(jpeg(small), width, height);
    }

    private static BufferedImage resize(BufferedImage source, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a preview", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
