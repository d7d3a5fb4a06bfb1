package org.octflow.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OCT volumes in ../shared/data/dicom/opt: real OCT2017 B-scans in an Ophthalmic Tomography Image wrapper. */
class OptVolumesTest {

    /** Columns x rows per file, from ../shared/data/dicom/README.md. */
    private static final Map<String, int[]> SIZES = Map.of(
            "CNV-6294785", new int[] {512, 496}, "DME-9583225", new int[] {768, 496},
            "DME-9721607", new int[] {512, 496}, "DRUSEN-9884539", new int[] {768, 496},
            "DRUSEN-9894035", new int[] {512, 496}, "NORMAL-5246808", new int[] {512, 496});

    @Test
    void everyVolumeReadsAsTwoGreyBScansOfItsSize() throws Exception {
        List<Path> volumes = DicomFixtures.optVolumes();
        assertThat(volumes).hasSize(8);
        for (Path file : volumes) {
            String patient = file.getFileName().toString().replace("-jpeg", "").replace(".dcm", "");
            int[] size = SIZES.get(patient);
            try (InputStream in = Files.newInputStream(file)) {
                OctVolume volume = new OctVolumeReader().open(in);
                assertThat(volume.frames()).as(file.toString()).isEqualTo(2);
                List<BScan> scans = new ArrayList<>();
                for (var scan = volume.nextBScan(); scan.isPresent(); scan = volume.nextBScan()) {
                    scans.add(scan.get());
                }
                assertThat(scans).hasSize(2);
                for (BScan scan : scans) {
                    assertThat(scan.image().getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
                    assertThat(scan.image().getWidth()).as(file.toString()).isEqualTo(size[0]);
                    assertThat(scan.image().getHeight()).isEqualTo(size[1]);
                    assertThat(scan.origin().studyInstanceUid()).startsWith("2.25.");
                    assertThat(scan.origin().seriesInstanceUid()).startsWith("2.25.");
                    assertThat(scan.origin().sopInstanceUid()).startsWith("2.25.");
                    assertThat(scan.origin().sopClassUid()).isEqualTo(SopClass.OPHTHALMIC_TOMOGRAPHY_IMAGE.uid());
                    assertThat(scan.origin().laterality()).isEqualTo("R");
                }
                assertThat(scans).extracting(s -> s.origin().frameNumber()).containsExactly(1, 2);
                assertThat(volume.patient().id()).isEqualTo("OCT2017-" + patient.split("-")[1]);
                assertThat(volume.patient().toString()).doesNotContain(volume.patient().id());
            }
        }
    }

    /** The native volumes hold the JPEGs as Pillow decoded them (README); the JDK's decoder gives the same pixels. */
    @Test
    void jpegFramesDecodeToThePixelsOfTheNativeVolumeMadeFromThem() throws Exception {
        for (String patient : List.of("CNV-6294785", "NORMAL-5246808")) {
            List<Frame> nativeFrames = new ArrayList<>();
            List<Frame> jpegFrames = new ArrayList<>();
            DicomInstance nativeVolume = DicomFixtures.readAll(DicomFixtures.opt(patient + ".dcm"), nativeFrames);
            DicomInstance jpegVolume = DicomFixtures.readAll(DicomFixtures.opt(patient + "-jpeg.dcm"), jpegFrames);
            assertThat(jpegVolume.transferSyntax()).isEqualTo(TransferSyntax.JPEG_BASELINE);
            FrameDecoder decoder = new FrameDecoder();
            for (int i = 0; i < 2; i++) {
                BufferedImage fromNative = decoder.decode(nativeVolume.imagePixel(), nativeVolume.transferSyntax(),
                        nativeFrames.get(i));
                BufferedImage fromJpeg = decoder.decode(jpegVolume.imagePixel(), jpegVolume.transferSyntax(),
                        jpegFrames.get(i));
                assertThat(maxDifference(fromNative, fromJpeg)).as(patient + " frame " + (i + 1)).isZero();
            }
        }
    }

    @Test
    void errorsOnATruncatedVolumeNeverCarryItsPatientNameOrId() throws Exception {
        byte[] whole = Files.readAllBytes(DicomFixtures.opt("CNV-6294785.dcm"));
        List<String> messages = new ArrayList<>();
        for (int length = 0; length < whole.length; length += length < 8192 ? 3 : 4099) {
            try (InputStream in = new java.io.ByteArrayInputStream(whole, 0, length)) {
                OctVolume volume = new OctVolumeReader().open(in);
                while (volume.nextBScan().isPresent()) {
                    continue;
                }
                messages.add(null);
            } catch (DicomException expected) {
                messages.add(expected.getMessage());
            }
        }
        assertThat(messages).doesNotContainNull()
                .noneMatch(m -> m.contains("6294785") || m.contains("Anonymous"));
    }

    static int maxDifference(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                max = Math.max(max, Math.abs(a.getRaster().getSample(x, y, 0) - b.getRaster().getSample(x, y, 0)));
            }
        }
        return max;
    }

    /** A JPEG Baseline frame is handed over as the device stored it: the very bytes of the source JPEG. */
    @Test
    void jpegBaselineFramesCarryTheSourceJpegUnchanged() throws Exception {
        for (String patient : List.of("CNV-6294785", "NORMAL-5246808")) {
            String label = patient.split("-")[0];
            try (InputStream in = Files.newInputStream(DicomFixtures.opt(patient + "-jpeg.dcm"))) {
                OctVolume volume = new OctVolumeReader().open(in);
                for (var scan = volume.nextBScan(); scan.isPresent(); scan = volume.nextBScan()) {
                    Path source = DicomFixtures.ROOT.resolve("../oct2017-val").resolve(label)
                            .resolve(patient + "-" + scan.get().origin().frameNumber() + ".jpeg").normalize();
                    byte[] original = readOrSkip(source);
                    assertThat(scan.get().storedJpeg()).as(source.toString()).hasValueSatisfying(
                            jpeg -> assertThat(jpeg).isEqualTo(original));
                }
            }
            try (InputStream in = Files.newInputStream(DicomFixtures.opt(patient + ".dcm"))) {
                assertThat(new OctVolumeReader().open(in).nextBScan().orElseThrow().storedJpeg()).isEmpty();
            }
        }
    }

    private static byte[] readOrSkip(Path file) throws java.io.IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(file), "skipped: " + file + " is absent");
        return Files.readAllBytes(file);
    }
}
