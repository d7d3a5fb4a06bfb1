package org.octflow.testkit;

import java.nio.file.Path;

/** Where the running JVM's own {@code java} is, so child processes use the same JDK. */
public final class JavaProcess {
    private JavaProcess() {
    }

    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
