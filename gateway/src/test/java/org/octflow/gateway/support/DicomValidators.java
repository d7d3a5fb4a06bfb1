package org.octflow.gateway.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The external DICOM validators (dicom3tools' dciodvfy, dcmtk's dsrdump), as the dicom module's tests run them; a
 * test skips, saying what to install, where one is absent.
 */
public final class DicomValidators {

    private DicomValidators() {
    }

    /** The tool's path; skips the test when it is not on PATH. */
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

    /** dciodvfy's lines starting with "Error" (its exit code says nothing reliable), after printing its messages. */
    public static List<String> dciodvfyErrors(Path file) throws IOException, InterruptedException {
        List<String> output = run(require("dciodvfy", "dicom3tools"), file);
        output.stream().filter(line -> line.startsWith("Error") || line.startsWith("Warning"))
                .forEach(line -> System.out.println("dciodvfy " + file.getFileName() + ": " + line));
        assertThatRecognised(output);
        return output.stream().filter(line -> line.startsWith("Error")).toList();
    }

    /** dsrdump's rendering of the SR: its header (flags, verifying observer) and content tree. */
    public static String dsrdump(Path file) throws IOException, InterruptedException {
        return String.join("\n", run(require("dsrdump", "dcmtk"), file));
    }

    private static void assertThatRecognised(List<String> output) {
        if (output.stream().noneMatch(line -> line.contains("ComprehensiveSR"))) {
            throw new AssertionError("dciodvfy did not recognise a Comprehensive SR:\n" + String.join("\n", output));
        }
    }

    private static List<String> run(Path tool, Path file) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool.toString(), file.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(tool + " did not finish within 60 s");
        }
        return new String(output, StandardCharsets.UTF_8).lines().toList();
    }
}
