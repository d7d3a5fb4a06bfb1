package org.octflow.testkit;

import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.contracts.manifest.ModelManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The trainer's exported default model, and copies of it under other versions for hot-reload tests. */
public final class TestModels {
    private TestModels() {
    }

    /** models/octmnist-cnn of this repository (or -Doctflow.model-dir); the test is skipped when it is absent. */
    public static Path defaultModel() {
        Path dir = Path.of(System.getProperty("octflow.model-dir", "../models/octmnist-cnn")).toAbsolutePath()
                .normalize();
        assumeTrue(Files.isRegularFile(dir.resolve(ManifestFiles.MANIFEST_FILE)),
                "skipped: no exported model at " + dir + " (the trainer commits it to models/octmnist-cnn;"
                        + " or run with -Doctflow.model-dir=/path/to/model-dir)");
        return dir;
    }

    /** Copies the default model to {@code target} stating {@code version}; the sha256 stays valid. */
    public static Path copyAs(Path target, String version) throws IOException {
        Path source = defaultModel();
        ModelManifest manifest = ManifestFiles.read(source);
        Files.createDirectories(target);
        Files.copy(source.resolve(manifest.modelFile()), target.resolve(manifest.modelFile()),
                StandardCopyOption.REPLACE_EXISTING);
        publishVersion(target, version);
        return target;
    }

    /** Rewrites the manifest's version the way a trainer should publish: write aside, then rename atomically. */
    public static void publishVersion(Path modelDir, String version) throws IOException {
        Path source = Files.isRegularFile(modelDir.resolve(ManifestFiles.MANIFEST_FILE)) ? modelDir : defaultModel();
        ModelManifest m = ManifestFiles.read(source);
        ModelManifest next = m.withVersion(version);
        Path staging = Files.createTempDirectory(modelDir, ".staging");
        ManifestFiles.write(staging, next);
        Files.move(staging.resolve(ManifestFiles.MANIFEST_FILE), modelDir.resolve(ManifestFiles.MANIFEST_FILE),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(staging);
    }
}
