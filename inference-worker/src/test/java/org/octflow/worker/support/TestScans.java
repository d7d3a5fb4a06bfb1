package org.octflow.worker.support;

import com.google.protobuf.ByteString;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/** Scans as imaging systems send them: raw grey, PNG and JPEG of any size. */
public final class TestScans {
    private TestScans() {
    }

    public static Scan raw(String id, int width, int height, long seed) {
        byte[] pixels = new byte[width * height];
        new Random(seed).nextBytes(pixels);
        return Scan.newBuilder().setScanId(id).setEncoding(ImageEncoding.RAW_GREY8).setWidth(width).setHeight(height)
                .setImage(ByteString.copyFrom(pixels)).build();
    }

    public static Scan png(String id, int width, int height, int imageType) {
        return compressed(id, width, height, imageType, "png", ImageEncoding.PNG);
    }

    public static Scan jpeg(String id, int width, int height) {
        return compressed(id, width, height, BufferedImage.TYPE_INT_RGB, "jpeg", ImageEncoding.JPEG);
    }

    public static Scan withBytes(String id, ImageEncoding encoding, byte[] bytes) {
        return Scan.newBuilder().setScanId(id).setEncoding(encoding).setImage(ByteString.copyFrom(bytes)).build();
    }

    public static ScanBatch batch(String id, Scan... scans) {
        return ScanBatch.newBuilder().setBatchId(id).setSource("test").addAllScans(java.util.List.of(scans)).build();
    }

    /** A batch of {@code count} small raw scans with ids {@code id/0..}. */
    public static ScanBatch rawBatch(String id, int count) {
        ScanBatch.Builder batch = ScanBatch.newBuilder().setBatchId(id).setSource("test");
        for (int i = 0; i < count; i++) {
            batch.addScans(raw(id + "/" + i, 28, 28, id.hashCode() * 31L + i));
        }
        return batch.build();
    }

    private static Scan compressed(String id, int width, int height, int type, String format, ImageEncoding encoding) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = (x * 255 / width + y * 127 / height) & 0xff;
                image.setRGB(x, y, (v << 16) | ((255 - v) << 8) | (v / 2));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Scan.newBuilder().setScanId(id).setEncoding(encoding).setWidth(width).setHeight(height)
                .setImage(ByteString.copyFrom(out.toByteArray())).build();
    }
}
