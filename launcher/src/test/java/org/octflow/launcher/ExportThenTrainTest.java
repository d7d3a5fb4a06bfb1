package org.octflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.trainer.cli.TrainerMain;
import org.octflow.trainer.data.FileDigests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A site fine-tunes on its own reviewed scans: {@code ./octflow export-reviewed} writes a gateway's reviewed scans as a
 * labelled folder, and the trainer's {@code train} takes that folder beside the OCTMNIST subset and names both in the
 * manifest. The gateway is a {@link StandInGateway} (its endpoints are the gateway's own tests' business); the trainer
 * runs in this JVM through the entry point trainer.jar's main calls, as {@code ./octflow train} runs it in its own.
 */
class ExportThenTrainTest {
    private static final Path SHARED = Path.of(System.getProperty("octflow.shared.data", "../../shared/data"));

    @TempDir
    Path temp;

    @Test
    void reviewedScansExportedFromTheGatewayTrainBesideTheNpzAndAreNamedInTheManifest() throws Exception {
        Path npz = SHARED.resolve("octmnist_partial.npz");
        Path fullSizeScans = SHARED.resolve("oct2017-val");
        assumeTrue(Files.isRegularFile(npz) && Files.isDirectory(fullSizeScans), "skipped: real OCT data not found at "
                + SHARED.toAbsolutePath().normalize() + " (set -Doctflow.shared.data=<dir> to run it)");
        // Four reviewed scans, real full-size B-scans as their previews; a fifth has no preview and is left out.
        Map<String, byte[]> previews = new LinkedHashMap<>();
        List<String> reviews = new ArrayList<>();
        for (String label : List.of("CNV", "DME")) {
            for (int i = 0; i < 2; i++) {
                String scanId = "s-" + label + "-" + i;
                try (var files = Files.list(fullSizeScans.resolve(label))) {
                    previews.put(scanId, Files.readAllBytes(files.sorted().skip(i).findFirst().orElseThrow()));
                }
                reviews.add(StandInGateway.review(scanId, label, "NORMAL"));
            }
        }
        reviews.add(StandInGateway.review("s-kafka-only", "DRUSEN", "DRUSEN"));
        Path reviewed = temp.resolve("reviewed");

        try (StandInGateway gateway = new StandInGateway(StandInGateway.page(reviews), previews)) {
            assertThat(OctflowCommand.commandLine().execute("export-reviewed", "--out", reviewed.toString(),
                    "--gateway", gateway.url(), "--key", "reader-key")).isZero();
        }
        Path model = temp.resolve("model");
        int trained = TrainerMain.run(new String[]{"train", "--data", npz.toString(), "--data", reviewed.toString(),
                "--out", model.toString(), "--epochs", "1", "--restarts", "1", "--conv", "4p,8p", "--no-augment"});

        assertThat(trained).isZero();
        ModelManifest manifest = ManifestFiles.readVerified(model);
        assertThat(model.resolve(manifest.modelFile())).isRegularFile();
        JsonNode data = manifest.training().path("data");
        assertThat(data.path("sources")).hasSize(2);
        assertThat(data.path("sources").get(0).path("path").asText()).isEqualTo(npz.toAbsolutePath().normalize().toString());
        assertThat(data.path("sources").get(0).path("md5").asText()).isEqualTo(FileDigests.md5(npz));
        assertThat(data.path("sources").get(1).path("path").asText())
                .isEqualTo(reviewed.toAbsolutePath().normalize().toString());
        assertThat(data.path("sources").get(1).path("md5").asText()).hasSize(32);
        assertThat(data.path("sources").get(1).path("use").asText()).startsWith("train only");
        assertThat(data.path("images").path("train").asInt()).isEqualTo(1_387 + 4);
        assertThat(data.path("images").path("val").asInt()).isEqualTo(773);
        assertThat(data.path("images").path("test").asInt()).isEqualTo(94);
    }
}
