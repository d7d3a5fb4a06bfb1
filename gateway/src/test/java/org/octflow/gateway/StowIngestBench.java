package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.ApiKeysForTests;
import org.octflow.gateway.support.DicomFiles;
import org.octflow.gateway.support.MultipartBodies;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.SyntheticOpt;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest through STOW-RS beside the JPEG upload path, for the same B-scans, in one run against the real stack: the 24
 * OCT2017 B-scans of 512x496 in ../shared/data/oct2017-val, as one native OPT volume per STOW-RS request and as 24 JPEGs
 * per multipart upload, alternating. Measures acceptance (the gateway's answer), not predictions. Not part of the
 * suite (no *Test name): {@code ./mvnw -pl gateway -am verify -Dtest=StowIngestBench
 * -Dsurefire.failIfNoSpecifiedTests=false -Dstow-bench.rounds=20}.
 */
@QuarkusTest
@TestProfile(StowIngestBench.NoRateLimits.class)
@WithTestResource(OctflowStack.class)
class StowIngestBench {
    private static final String BOUNDARY = "octflow-bench";

    /** The submitter's token bucket would throttle the upload side, not measure it. */
    public static class NoRateLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("octflow.rate-limit.scans-per-second", "1000000", "octflow.rate-limit.scan-burst",
                    "1000000");
        }
    }

    @Test
    void stowBesideJpegUploads() throws Exception {
        int rounds = Integer.getInteger("stow-bench.rounds", 20);
        int warmup = 3;
        DicomFiles.bScan("CNV", "CNV-6294785-1.jpeg"); // skips, saying why, when the shared data is absent
        Path dir = DicomFiles.DATA.resolve("oct2017-val");
        List<byte[]> jpegs = new ArrayList<>();
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        for (String label : List.of("CNV", "DME", "DRUSEN", "NORMAL")) {
            try (Stream<Path> files = Files.list(dir.resolve(label)).sorted()) {
                for (Path file : files.toList()) {
                    byte[] jpeg = Files.readAllBytes(file);
                    BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
                    if (image.getWidth() == 512 && image.getHeight() == 496) {
                        jpegs.add(jpeg);
                        byte[] grey = new byte[512 * 496];
                        image.getRaster().getDataElements(0, 0, 512, 496, grey);
                        pixels.write(grey);
                    }
                }
            }
        }
        int frames = jpegs.size();
        long jpegBytes = jpegs.stream().mapToLong(j -> j.length).sum();
        List<Long> stowNanos = new ArrayList<>();
        List<Long> uploadNanos = new ArrayList<>();
        long stowBodyBytes = 0;
        for (int round = 0; round < warmup + rounds; round++) {
            SyntheticOpt volume = new SyntheticOpt(uid(), uid(), "Bench^Patient", "BENCH-1", "19700101", "R", frames,
                    512, 496);
            byte[] body = MultipartBodies.related(BOUNDARY, List.of(volume.withPixels(pixels.toByteArray())));
            long start = System.nanoTime();
            var stored = MultipartBodies.post(RestAssured.port, "/dicom-web/studies", ApiKeysForTests.IMAGING,
                    MultipartBodies.type(BOUNDARY), body);
            long stow = System.nanoTime() - start;
            assertThat(stored.status()).as(stored.body()).isEqualTo(200);

            var upload = Api.asSubmitter().contentType("multipart/form-data");
            for (int i = 0; i < jpegs.size(); i++) {
                upload = upload.multiPart("scan", "b" + i + ".jpeg", jpegs.get(i), "image/jpeg");
            }
            start = System.nanoTime();
            upload.post("/api/v1/scans").then().statusCode(202);
            long jpeg = System.nanoTime() - start;
            if (round >= warmup) {
                stowNanos.add(stow);
                uploadNanos.add(jpeg);
                stowBodyBytes = body.length;
            }
        }
        System.out.printf("%nSTOW-RS ingest beside JPEG uploads: %d rounds of %d B-scans (512x496) each way, after %d"
                + " warm-up rounds%n", rounds, frames, warmup);
        report("STOW-RS, one native OPT volume per request", stowNanos, frames, stowBodyBytes);
        report("JPEG upload, the same B-scans per request", uploadNanos, frames, jpegBytes);
    }

    private static void report(String what, List<Long> nanos, int frames, long bytes) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double totalSeconds = Arrays.stream(sorted).sum() / 1e9;
        System.out.printf("  %-44s %7.1f frames/s  %6.1f MB/s  per request p50 %6.1f ms  p99 %6.1f ms"
                        + "  (%.2f MB per request)%n", what, nanos.size() * frames / totalSeconds,
                nanos.size() * bytes / 1e6 / totalSeconds, sorted[sorted.length / 2] / 1e6,
                sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6, bytes / 1e6);
    }

    private static String uid() {
        return "2.25." + new java.math.BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }
}
