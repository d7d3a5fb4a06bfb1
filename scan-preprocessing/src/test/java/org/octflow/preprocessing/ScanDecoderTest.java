package org.octflow.preprocessing;

import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.ImageEncoding;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScanDecoderTest {
    private final ScanDecoder decoder = new ScanDecoder(1_000_000);

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    static BufferedImage greyGradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x + y) % 256);
            }
        }
        return image;
    }

    @Test
    void decodesAGreyPngPixelForPixel() throws Exception {
        GreyImage image = decoder.decode(encode(greyGradient(40, 30), "png"), ImageEncoding.PNG, 0, 0);

        assertThat(image.width()).isEqualTo(40);
        assertThat(image.height()).isEqualTo(30);
        assertThat(image.at(13, 7)).isEqualTo(20);
    }

    @Test
    void reducesColourToLumaWithTheItu601Weights() throws Exception {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xff0000);
        rgb.setRGB(1, 0, 0x00ff00);

        GreyImage image = decoder.decode(encode(rgb, "png"), ImageEncoding.PNG, 0, 0);

        assertThat(image.at(0, 0)).isEqualTo(76);   // 255 * 0.299
        assertThat(image.at(1, 0)).isEqualTo(150);  // 255 * 0.587
    }

    @Test
    void decodesAGreyJpegCloseToItsSource() throws Exception {
        BufferedImage flat = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                flat.getRaster().setSample(x, y, 0, 120);
            }
        }

        GreyImage image = decoder.decode(encode(flat, "jpeg"), ImageEncoding.JPEG, 0, 0);

        assertThat(image.at(8, 8)).isBetween(118, 122);
    }

    @Test
    void takesRawGreyBytesAsTheyAre() throws Exception {
        byte[] raw = new byte[6];
        raw[5] = (byte) 200;

        GreyImage image = decoder.decode(raw, ImageEncoding.RAW_GREY8, 3, 2);

        assertThat(image.at(2, 1)).isEqualTo(200);
    }

    @Test
    void rejectsRawBytesThatDoNotMatchTheStatedSize() {
        assertThatThrownBy(() -> decoder.decode(new byte[10], ImageEncoding.RAW_GREY8, 3, 3))
                .isInstanceOfSatisfying(ScanRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DIMENSIONS))
                .hasMessageContaining("3x3 needs 9 bytes but has 10");
    }

    @Test
    void rejectsATruncatedPng() throws Exception {
        byte[] png = encode(greyGradient(64, 64), "png");
        byte[] truncated = Arrays.copyOf(png, png.length / 2);

        assertThatThrownBy(() -> decoder.decode(truncated, ImageEncoding.PNG, 0, 0))
                .isInstanceOfSatisfying(ScanRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNDECODABLE_IMAGE));
    }

    @Test
    void rejectsBytesThatAreNotTheStatedEncoding() throws Exception {
        byte[] png = encode(greyGradient(8, 8), "png");

        assertThatThrownBy(() -> decoder.decode(png, ImageEncoding.JPEG, 0, 0))
                .isInstanceOfSatisfying(ScanRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNDECODABLE_IMAGE))
                .hasMessageContaining("encoding field");
    }

    @Test
    void rejectsAnUnspecifiedEncoding() {
        assertThatThrownBy(() -> decoder.decode(new byte[4], ImageEncoding.IMAGE_ENCODING_UNSPECIFIED, 2, 2))
                .isInstanceOfSatisfying(ScanRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_ENCODING))
                .hasMessageContaining("send PNG, JPEG or RAW_GREY8");
    }

    @Test
    void rejectsAnImageLargerThanTheLimitBeforeDecodingIt() throws Exception {
        byte[] big = encode(greyGradient(1200, 1000), "png");

        assertThatThrownBy(() -> decoder.decode(big, ImageEncoding.PNG, 0, 0))
                .isInstanceOfSatisfying(ScanRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DIMENSIONS))
                .hasMessageContaining("1200x1000");
    }

    @Test
    void rejectsAnEmptyPayload() {
        assertThatThrownBy(() -> decoder.decode(new byte[0], ImageEncoding.PNG, 0, 0))
                .isInstanceOf(ScanRejectedException.class)
                .hasMessageContaining("empty");
    }
}
