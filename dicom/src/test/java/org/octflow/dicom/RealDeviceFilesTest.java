package org.octflow.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Files written by real ophthalmic devices (../shared/data/dicom/real): photographs, raw data, a report. */
class RealDeviceFilesTest {

    @Test
    void decodesJpegBaselinePhotograph() throws Exception {
        assertDecodes("anterion-op-jpeg-baseline.dcm", TransferSyntax.JPEG_BASELINE, 768, 576);
    }

    @Test
    void decodesJpegLosslessPhotographsWhichTheJdkAloneCannot() throws Exception {
        assertDecodes("spectralis-op-jpeg-lossless.dcm", TransferSyntax.JPEG_LOSSLESS_SV1, 768, 768);
        assertDecodes("spectralis-op-1536-jpeg-lossless.dcm", TransferSyntax.JPEG_LOSSLESS_SV1, 1536, 1536);
    }

    @Test
    void decodesNativeExplicitLittleEndianPhotograph() throws Exception {
        assertDecodes("spectralis-op-explicit-le.dcm", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 768, 768);
    }

    @Test
    void refusesPhotographsAsOctInputNamingTheirSopClass() throws Exception {
        for (String name : List.of("anterion-op-jpeg-baseline.dcm", "spectralis-op-jpeg-lossless.dcm",
                "spectralis-op-explicit-le.dcm", "spectralis-op-1536-jpeg-lossless.dcm")) {
            try (InputStream in = Files.newInputStream(DicomFixtures.real(name))) {
                assertThatThrownBy(() -> new OctVolumeReader().open(in))
                        .isInstanceOf(DicomException.class)
                        .hasMessageStartingWith("not an OCT B-scan: Ophthalmic Photography 8 Bit Image "
                                + "(1.2.840.10008.5.1.4.1.1.77.1.5.1)")
                        .extracting(e -> ((DicomException) e).kind()).isEqualTo(DicomException.Kind.NOT_AN_OCT_BSCAN);
            }
        }
    }

    @Test
    void refusesRawDataWithoutPixels() throws Exception {
        DicomInstance raw = DicomFixtures.readAll(DicomFixtures.real("heyex-raw-data-no-pixels.dcm"),
                new ArrayList<>());
        assertThat(raw.hasPixelData()).isFalse();
        assertThatThrownBy(raw::imagePixel).hasMessage("no Pixel Data (7FE0,0010): Raw Data "
                + "(1.2.840.10008.5.1.4.1.1.66) is not an image");
        try (InputStream in = Files.newInputStream(DicomFixtures.real("heyex-raw-data-no-pixels.dcm"))) {
            assertThatThrownBy(() -> new OctVolumeReader().open(in))
                    .hasMessageStartingWith("not an OCT B-scan: Raw Data (1.2.840.10008.5.1.4.1.1.66)")
                    .extracting(e -> ((DicomException) e).kind()).isEqualTo(DicomException.Kind.NOT_AN_OCT_BSCAN);
        }
    }

    @Test
    void parsesEnhancedSrSequencesAndRefusesItAsNotAnImage() throws Exception {
        DicomInstance report = DicomFixtures.readAll(DicomFixtures.real("enhanced-sr.dcm"), new ArrayList<>());
        assertThat(report.sopClassUid()).isEqualTo(SopClass.ENHANCED_SR.uid());
        assertThat(report.attributes().sequence(0x0040_A730)).as("Content Sequence").isNotEmpty();
        assertThat(report.hasPixelData()).isFalse();
        try (InputStream in = Files.newInputStream(DicomFixtures.real("enhanced-sr.dcm"))) {
            assertThatThrownBy(() -> new OctVolumeReader().open(in))
                    .hasMessageStartingWith("not an OCT B-scan: Enhanced SR (1.2.840.10008.5.1.4.1.1.88.22)");
        }
    }

    @Test
    void attributesToStringHidesPatientValues() throws Exception {
        DicomInstance photo = DicomFixtures.readAll(DicomFixtures.real("spectralis-op-explicit-le.dcm"),
                new ArrayList<>());
        String name = photo.attributes().string(Tag.PATIENT_NAME).orElse("");
        String id = photo.attributes().string(Tag.PATIENT_ID).orElse("");
        String text = photo.attributes().toString();
        assertThat(text).contains("(0010,0010) PN=<hidden>");
        if (!name.isEmpty()) {
            assertThat(text).doesNotContain(name);
        }
        if (id.length() > 2) {
            assertThat(text).doesNotContain(id);
        }
    }

    private static void assertDecodes(String name, TransferSyntax syntax, int width, int height) throws Exception {
        Path file = DicomFixtures.real(name);
        List<Frame> frames = new ArrayList<>();
        DicomInstance photo = DicomFixtures.readAll(file, frames);
        assertThat(photo.transferSyntax()).isEqualTo(syntax);
        assertThat(frames).hasSize(photo.imagePixel().numberOfFrames());
        BufferedImage image = new FrameDecoder().decode(photo.imagePixel(), photo.transferSyntax(), frames.get(0));
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        assertThat(image.getRaster().getSample(width / 2, height / 2, 0)
                + image.getRaster().getSample(width / 3, height / 3, 0)).as("not a black image").isPositive();
    }
}
