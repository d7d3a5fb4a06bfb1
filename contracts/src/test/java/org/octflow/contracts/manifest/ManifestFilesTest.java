package org.octflow.contracts.manifest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestFilesTest {

    @TempDir
    Path dir;

    private ModelManifest manifestFor(Path model) {
        return new ModelManifest("octmnist-cnn", "1", List.of("CNV", "DME", "DRUSEN", "NORMAL"),
                new ModelManifest.TensorSpec("scans", List.of(-1L, 1L, 28L, 28L), "float32"),
                new ModelManifest.TensorSpec("probabilities", List.of(-1L, 4L), "float32"),
                new ModelManifest.Normalization(0.1875, 0.1949), "grey, centre-crop, resize 28x28",
                "model.onnx", ManifestFiles.sha256(model),
                new Calibration("TEMPERATURE", "one temperature", List.of(List.of(0.8, 0.0), List.of(0.0, 0.8)),
                        List.of(0.0, 0.0), "TRAINING", "cross-validated log-loss on val"),
                JsonNodeFactory.instance.objectNode().put("testAccuracy", 0.8), null, "2026-11-25T00:00:00Z",
                new ReviewRule(0.9, "auto-accepted scans at least 95 % accurate on val",
                        new ReviewRule.OperatingPoint(773, 0.6, 0.95, 0.01), new ReviewRule.OperatingPoint(94, 0.5, null, 0)),
                new ModelManifest.TensorSpec("evidence", List.of(-1L, 7L, 7L), "float32"));
    }

    @Test
    void aWrittenManifestReadsBackEqual() throws IOException {
        Path model = Files.write(dir.resolve("model.onnx"), new byte[]{1, 2, 3});
        ModelManifest written = manifestFor(model);

        ManifestFiles.write(dir, written);

        assertThat(ManifestFiles.readVerified(dir)).isEqualTo(written);
    }

    @Test
    void aManifestWrittenBeforeCalibrationAndReviewWereStatedStillReadsWithoutThem() throws IOException {
        Files.writeString(dir.resolve("manifest.json"), """
                {"name": "octmnist-cnn", "version": "2026.12.02-063503", "classes": ["CNV", "DME", "DRUSEN", "NORMAL"],
                 "normalization": {"mean": 0.188, "std": 0.195}, "modelFile": "model.onnx", "sha256": "ef01",
                 "temperature": 1.313}
                """);

        ModelManifest old = ManifestFiles.read(dir);

        assertThat(old.calibration()).isNull();
        assertThat(old.review()).as("no rule: the gateway's own threshold decides").isNull();
    }

    @Test
    void refusesAModelWhoseBytesDoNotMatchTheManifest() throws IOException {
        Path model = Files.write(dir.resolve("model.onnx"), new byte[]{1, 2, 3});
        ManifestFiles.write(dir, manifestFor(model));
        Files.write(model, new byte[]{1, 2, 4});

        assertThatThrownBy(() -> ManifestFiles.readVerified(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("sha256")
                .hasMessageContaining("re-export");
    }

    @Test
    void aDirectoryWithoutManifestSaysWhatIsExpected() {
        assertThatThrownBy(() -> ManifestFiles.read(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("manifest.json");
    }

    @Test
    void toleratesFieldsItDoesNotKnow() throws IOException {
        Path model = Files.write(dir.resolve("model.onnx"), new byte[]{9});
        ManifestFiles.write(dir, manifestFor(model));
        String json = Files.readString(dir.resolve("manifest.json"));
        Files.writeString(dir.resolve("manifest.json"), json.replaceFirst("\\{", "{\"addedLater\": true,"));

        assertThat(ManifestFiles.readVerified(dir).name()).isEqualTo("octmnist-cnn");
    }

    @Test
    void sha256MatchesTheKnownDigestOfEmptyInput() throws IOException {
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);

        assertThat(ManifestFiles.sha256(empty))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
