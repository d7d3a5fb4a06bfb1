package org.octflow.gateway.scan;

import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.support.TestImages;
import org.octflow.preprocessing.ScanDecoder;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A progressive 4096x4096 JPEG is within the raster cap (16 Mpx), yet libjpeg decodes it whole: nine at once raised
 * the gateway's RSS by 180 MB. Its header now says so before any decode, and the validator refuses it for the cost
 * of reading a few markers. Heap figures are measured on this thread (ThreadMXBean) and printed.
 */
class ProgressiveJpegMemoryTest {
    private static final long MIB = 1L << 20;

    @Test
    void aProgressive4096JpegIsRefusedFromItsHeaderWithoutDecoding() throws Exception {
        byte[] jpeg = TestImages.progressiveJpeg(4096, 4096);
        UploadValidator validator = new UploadValidator(limits(4_194_304));
        ScanDecoder decoder = new ScanDecoder(16_777_216);

        List<UploadedImage> upload = List.of(new UploadedImage(null, "image/jpeg", jpeg, null));
        // Each path runs once first, so one-off class loading is not counted.
        decoder.check(jpeg, ImageEncoding.JPEG, 0, 0);
        long decoding = allocatedBy(() -> decoder.check(jpeg, ImageEncoding.JPEG, 0, 0));
        UploadRejectedException[] refusal = new UploadRejectedException[1];
        Work refuse = () -> {
            try {
                validator.validate(upload);
            } catch (UploadRejectedException e) {
                refusal[0] = e;
            }
        };
        refuse.run();
        long refusing = allocatedBy(refuse);

        assertThat(refusal[0]).isNotNull();
        assertThat(refusal[0].getMessage()).contains("image 1 of 1 is a progressive JPEG of 4096x4096")
                .contains("up to 4194304 pixels");
        System.out.printf("progressive 4096x4096 JPEG (%d bytes): decoding allocates %.1f MiB of heap (plus ~32 MiB"
                + " of native coefficients); refusing from the header %.3f MiB%n", jpeg.length,
                decoding / (double) MIB, refusing / (double) MIB);
        assertThat(decoding).as("what validation cost before").isGreaterThan(16 * MIB);
        assertThat(refusing).as("what it costs now").isLessThan(MIB);
    }

    @Test
    void aProgressiveJpegWithinTheCapIsAccepted() {
        byte[] jpeg = TestImages.progressiveJpeg(512, 496);

        List<AcceptedScan> accepted = new UploadValidator(limits(4_194_304)).validate(List.of(
                new UploadedImage(null, "image/jpeg", jpeg, null)));

        assertThat(accepted).hasSize(1);
        assertThat(accepted.get(0).width()).isEqualTo(512);
    }

    @Test
    void theHeaderTellsSizeComponentsAndProgressiveMode() {
        JpegFrame progressive = JpegFrame.read(TestImages.progressiveJpeg(300, 200)).orElseThrow();
        JpegFrame baseline = JpegFrame.read(TestImages.jpeg(300, 200)).orElseThrow();

        assertThat(progressive).isEqualTo(new JpegFrame(300, 200, 1, true, false));
        assertThat(progressive.buffersWholeImage()).isTrue();
        assertThat(baseline).isEqualTo(new JpegFrame(300, 200, 1, false, false));
        assertThat(baseline.buffersWholeImage()).isFalse();
        assertThat(JpegFrame.read(TestImages.png(10, 10))).isEmpty();
    }

    private interface Work {
        void run() throws Exception;
    }

    private static long allocatedBy(Work work) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }

    private static GatewayConfig.Upload limits(long maxProgressivePixels) {
        return new GatewayConfig.Upload() {
            public int maxImageBytes() {
                return 8 << 20;
            }

            public int maxScans() {
                return 32;
            }

            public long maxPixels() {
                return 16_777_216;
            }

            public long maxProgressiveJpegPixels() {
                return maxProgressivePixels;
            }

            public OptionalInt decodeConcurrency() {
                return OptionalInt.of(1);
            }
        };
    }
}
