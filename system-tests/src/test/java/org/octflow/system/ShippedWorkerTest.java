package org.octflow.system;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the worker's image ships (its jar and lib/): the product only, no dev tooling and no Kafka broker. */
class ShippedWorkerTest {
    private static final Path WORKER = Path.of("..", "inference-worker", "target");

    @Test
    void theWorkersRuntimeClasspathHoldsNoLauncherTestkitOrBroker() throws IOException {
        List<String> jars = libJars();

        assertThat(jars).as("inference-worker/target/lib").isNotEmpty()
                .noneMatch(jar -> jar.startsWith("testkit") || jar.startsWith("launcher")
                        || jar.startsWith("local-stack") || jar.startsWith("kafka_2.13") || jar.startsWith("scala-"))
                .anyMatch(jar -> jar.startsWith("kafka-clients"));
        assertThat(jars).as("the CPU ONNX Runtime by default (-P gpu for the CUDA image)")
                .noneMatch(jar -> jar.startsWith("onnxruntime_gpu")).anyMatch(jar -> jar.startsWith("onnxruntime-"));
        try (JarFile worker = new JarFile(WORKER.resolve("inference-worker.jar").toFile())) {
            assertThat(worker.stream().map(e -> e.getName()))
                    .noneMatch(name -> name.startsWith("org/octflow/testkit/") || name.startsWith("org/octflow/launcher/")
                            || name.contains("/bench/"));
            String classPath = worker.getManifest().getMainAttributes().getValue("Class-Path");
            assertThat(classPath).doesNotContain(".m2", "testkit", "launcher");
        }
    }

    private static List<String> libJars() throws IOException {
        try (Stream<Path> files = Files.list(WORKER.resolve("lib"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
