package org.octflow.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.testkit.JavaProcess;
import org.octflow.testkit.LocalKafkaBroker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A normal start prints no ERROR and no stack trace on the launcher's console. */
class ConsoleLoggingTest {

    @Test
    void creatingTheContractTopicsOnAFreshBrokerPrintsNoError(@TempDir Path directory) throws Exception {
        // A JVM of its own: slf4j reads its levels once per JVM, as in ./octflow.
        ProcessBuilder builder = new ProcessBuilder(JavaProcess.javaBinary(), "-Xmx256m",
                StartOfUp.class.getName(), directory.toString()).redirectErrorStream(true);
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path")); // a short command line
        Process process = builder.start();
        String console = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(console).isZero();
        assertThat(console).contains("topics created").doesNotContain("ERROR").doesNotContain("Exception");
    }

    /** The launcher's JVM as `up` and `demo` begin: its console logging, a fresh broker, the contract's topics. */
    static final class StartOfUp {
        public static void main(String[] args) {
            ConsoleLogging.configure();
            try (LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of(args[0]).resolve("kafka"))) {
                broker.createContractTopics();
                System.out.println("topics created");
            }
        }
    }
}
