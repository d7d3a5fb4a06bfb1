package org.octflow.trainer.support;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real OCT data beside the project (../shared/data), as scan-preprocessing's RealScanParityTest finds it. */
public final class SharedData {
    public static final Path DIR = Path.of(System.getProperty("octflow.shared.data", "../../shared/data"));

    private SharedData() {
    }

    /** Skips the calling test with a clear message when the file is absent. */
    public static Path require(String relative) {
        Path file = DIR.resolve(relative);
        Assumptions.assumeTrue(Files.exists(file), "skipped: real OCT data not found at " + file.toAbsolutePath()
                + " (set -Doctflow.shared.data=<dir> to run it)");
        return file;
    }
}
