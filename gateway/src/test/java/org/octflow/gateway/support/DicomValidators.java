package org.octflow.gateway.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.octflow.testkit.DicomTools;

/**
 * What the gateway's tests read from the DICOM validators (testkit's {@link DicomTools}): dciodvfy's errors on a
 * Comprehensive SR, dsrdump's rendering.
 */
public final class DicomValidators {

    private DicomValidators() {
    }

    /** dciodvfy's lines starting with "Error" (its exit code says nothing reliable), after printing its messages. */
    public static List<String> dciodvfyErrors(Path file) throws IOException, InterruptedException {
        List<String> output = DicomTools.run(DicomTools.require("dciodvfy", "dicom3tools"), file);
        output.stream().filter(line -> line.startsWith("Error") || line.startsWith("Warning"))
                .forEach(line -> System.out.println("dciodvfy " + file.getFileName() + ": " + line));
        assertThatRecognised(output);
        return output.stream().filter(line -> line.startsWith("Error")).toList();
    }

    /** dsrdump's rendering of the SR: its header (flags, verifying observer) and content tree. */
    public static String dsrdump(Path file) throws IOException, InterruptedException {
        return String.join("\n", DicomTools.run(DicomTools.require("dsrdump", "dcmtk"), file));
    }

    private static void assertThatRecognised(List<String> output) {
        if (output.stream().noneMatch(line -> line.contains("ComprehensiveSR"))) {
            throw new AssertionError("dciodvfy did not recognise a Comprehensive SR:\n" + String.join("\n", output));
        }
    }
}
