package org.octflow.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's DICOM tools (dicom3tools' dciodvfy, dcmtk's dsrdump, dcmdump, storescu) for the tests of every module that
 * checks DICOM against them; a test skips, saying what to install, when one is not installed.
 */
public final class DicomTools {

    private DicomTools() {
    }

    /** The tool's path; skips the test, saying what to install, when it is not on PATH. */
    public static Path require(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "skipped: " + tool + " is not installed (apt-get install " + debianPackage
                + "; .ci/run does)");
        throw new AssertionError("unreachable");
    }

    /** Runs the tool on {@code file}; its stdout and stderr, merged, line by line. */
    public static List<String> run(Path tool, Path file, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(options));
        command.add(file.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(tool + " did not finish within 60 s");
        }
        return new String(output, StandardCharsets.UTF_8).lines().toList();
    }
}
