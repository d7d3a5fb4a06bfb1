package org.octflow.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shared DICOM files and OCT2017 B-scans ({@code ../shared/data}, beside the project): tests that need them are
 * skipped, saying so, when they are absent.
 */
public final class DicomFiles {
    public static final Path DATA = Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();

    private DicomFiles() {
    }

    /** {@code dicom/opt/<name>}: an OCT volume (OPT) made from real OCT2017 B-scans. */
    public static byte[] opt(String name) {
        return read(DATA.resolve("dicom").resolve("opt").resolve(name));
    }

    /** {@code dicom/real/<name>}: a file written by a real ophthalmic device. */
    public static byte[] real(String name) {
        return read(DATA.resolve("dicom").resolve("real").resolve(name));
    }

    /** {@code oct2017-val/<CLASS>/<name>}: an OCT2017 B-scan as published (JPEG). */
    public static byte[] bScan(String label, String name) {
        return read(DATA.resolve("oct2017-val").resolve(label).resolve(name));
    }

    private static byte[] read(Path file) {
        assumeTrue(Files.isRegularFile(file), "skipped: " + file + " is absent (see ../shared/data/dicom/README.md)");
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
