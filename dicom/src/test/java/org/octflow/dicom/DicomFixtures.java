package org.octflow.dicom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared DICOM files (../shared/data/dicom, never copied into the project); tests skip when they are absent. */
final class DicomFixtures {

    static final Path ROOT = Path.of("..", "..", "shared", "data", "dicom").toAbsolutePath().normalize();

    private DicomFixtures() {
    }

    static Path real(String name) {
        Path file = ROOT.resolve("real").resolve(name);
        assumeTrue(Files.isRegularFile(file), "skipped: " + file + " is absent (see ../shared/data/dicom/README.md)");
        return file;
    }

    static Path opt(String name) {
        Path file = ROOT.resolve("opt").resolve(name);
        assumeTrue(Files.isRegularFile(file), "skipped: " + file + " is absent (see ../shared/data/dicom/README.md)");
        return file;
    }

    static List<Path> optVolumes() throws IOException {
        Path dir = ROOT.resolve("opt");
        assumeTrue(Files.isDirectory(dir), "skipped: " + dir + " is absent (see ../shared/data/dicom/README.md)");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    /** Reads a whole file: header and every frame, as the ingest would. */
    static DicomInstance readAll(Path file, List<Frame> frames) throws IOException, DicomException {
        try (InputStream in = Files.newInputStream(file)) {
            DicomInstance instance = new DicomReader().read(in);
            if (instance.hasPixelData()) {
                for (var frame = instance.nextFrame(); frame.isPresent(); frame = instance.nextFrame()) {
                    frames.add(frame.get());
                }
            }
            return instance;
        }
    }
}
