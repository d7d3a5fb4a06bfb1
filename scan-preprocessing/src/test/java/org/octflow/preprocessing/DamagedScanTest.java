package org.octflow.preprocessing;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.preprocessing.testing.HostileImages;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files cut short and files built to exhaust memory: refused or decoded within bounds, never guessed at. */
class DamagedScanTest {
    private final ScanDecoder decoder = new ScanDecoder(ScanPreprocessor.DEFAULT_MAX_PIXELS);

    @ParameterizedTest(name = "cut at {0} of the file")
    @ValueSource(doubles = {0.02, 0.1, 0.5, 0.9, 0.99})
    void refusesAJpegCutShort(double fraction) throws Exception {
        byte[] jpeg = ScanDecoderTest.encode(noise(512, 496, BufferedImage.TYPE_BYTE_GRAY), "jpeg");

        assertRefusedAsTruncated(HostileImages.truncated(jpeg, (int) (jpeg.length * fraction)), ImageEncoding.JPEG);
    }

    @Test
    void refusesAJpegMissingOnlyItsEndMarker() throws Exception {
        byte[] jpeg = ScanDecoderTest.encode(noise(64, 64, BufferedImage.TYPE_BYTE_GRAY), "jpeg");

        assertRefusedAsTruncated(HostileImages.truncated(jpeg, jpeg.length - 2), ImageEncoding.JPEG);
        assertRefusedAsTruncated(HostileImages.truncated(jpeg, jpeg.length - 1), ImageEncoding.JPEG);
    }

    @ParameterizedTest(name = "cut at {0} of the file")
    @ValueSource(doubles = {0.02, 0.1, 0.5, 0.9, 0.99})
    void refusesAPngCutShort(double fraction) throws Exception {
        byte[] png = ScanDecoderTest.encode(noise(512, 496, BufferedImage.TYPE_INT_RGB), "png");

        assertRefusedAsTruncated(HostileImages.truncated(png, (int) (png.length * fraction)), ImageEncoding.PNG);
    }

    @Test
    void refusesAPngWithoutItsLastChunkEvenWhenThePixelsAreThere() throws Exception {
        byte[] png = ScanDecoderTest.encode(noise(64, 64, BufferedImage.TYPE_BYTE_GRAY), "png");

        assertRefusedAsTruncated(HostileImages.truncated(png, png.length - 12), ImageEncoding.PNG);
        assertRefusedAsTruncated(HostileImages.truncated(png, png.length - 1), ImageEncoding.PNG);
    }

    @Test
    void stillReadsCompleteFiles() throws Exception {
        byte[] jpeg = ScanDecoderTest.encode(noise(64, 48, BufferedImage.TYPE_BYTE_GRAY), "jpeg");
        byte[] png = ScanDecoderTest.encode(noise(64, 48, BufferedImage.TYPE_INT_RGB), "png");

        assertThat(decoder.decode(jpeg, ImageEncoding.JPEG, 0, 0).width()).isEqualTo(64);
        assertThat(decoder.decode(png, ImageEncoding.PNG, 0, 0).height()).isEqualTo(48);
    }

    @Test
    void decodesADecompressionBombWithinBoundedMemory() throws Exception {
        byte[] bomb = HostileImages.decompressionBombPng(4096, 4096);
        assertThat(bomb.length).as("small on the wire").isLessThan(200_000);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        ScanDecoder.Header header = decoder.check(bomb, ImageEncoding.PNG, 0, 0);
        GreyImage grey = decoder.decode(bomb, ImageEncoding.PNG, 0, 0);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(header.width()).isEqualTo(4096);
        assertThat(header.rasterBytes()).as("what a full decode would take").isEqualTo(128L << 20);
        assertThat(grey.width()).as("decoded with every 3rd pixel").isEqualTo(1366);
        assertThat(allocated).as("bytes allocated by two decodes").isLessThan(2 * 3 * ScanDecoder.MAX_RASTER_BYTES);
    }

    @Test
    void decodesAnOrdinaryScanAtFullResolution() throws Exception {
        byte[] jpeg = ScanDecoderTest.encode(noise(1536, 496, BufferedImage.TYPE_INT_RGB), "jpeg");

        assertThat(decoder.check(jpeg, ImageEncoding.JPEG, 0, 0).subsampling()).isEqualTo(1);
        assertThat(decoder.decode(jpeg, ImageEncoding.JPEG, 0, 0).width()).isEqualTo(1536);
    }

    private void assertRefusedAsTruncated(byte[] bytes, ImageEncoding encoding) {
        assertThatThrownBy(() -> decoder.decode(bytes, encoding, 0, 0))
                .isInstanceOfSatisfying(ScanRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNDECODABLE_IMAGE);
                    assertThat(e.getMessage()).containsAnyOf("truncated", "not a readable");
                });
    }

    private static BufferedImage noise(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(3);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }
}
