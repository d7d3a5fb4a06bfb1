package org.octflow.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.testkit.JavaProcess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the worker image does (deploy/images/worker.Dockerfile): ONNX Runtime's native libraries unpacked once at
 * build time and loaded from there ({@code -Donnxruntime.native.path}), so a start writes nothing to {@code /tmp}
 * (without it, ONNX Runtime extracts ~28 MB there at every start).
 */
class UnpackedOnnxRuntimeTest {
    private static final Path WORKER = Path.of("..", "inference-worker", "target").toAbsolutePath().normalize();
    private static final Path MODEL = Path.of("..", "models", "octmnist-cnn").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theShippedWorkerLoadsTheUnpackedLibrariesAndWritesNothingToItsTemporaryDirectory() throws Exception {
        Path nativeDir = unpackLinuxLibraries(dir.resolve("native"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path log = dir.resolve("worker.log");
        Process worker = new ProcessBuilder(JavaProcess.javaBinary(), "-Djava.io.tmpdir=" + tmp,
                "-Donnxruntime.native.path=" + nativeDir, "-jar", WORKER.resolve("inference-worker.jar").toString(),
                "--bootstrap-servers", "127.0.0.1:1", "--model-dir", MODEL.toString(), "--device", "cpu",
                "--http-port", "0", "--start-timeout-ms", "3000")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // No broker at 127.0.0.1:1: the worker loads its model, then gives up on Kafka after 3 s and exits 1.
        assertThat(worker.waitFor(90, TimeUnit.SECONDS)).isTrue();

        assertThat(Files.readString(log)).contains("serving model octmnist-cnn");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.toList()).as("files the worker left in java.io.tmpdir").isEmpty();
        }
    }

    /** What the Dockerfile's {@code jar xf} does: linux-x64's libraries out of the ONNX Runtime jar. */
    private static Path unpackLinuxLibraries(Path target) throws IOException {
        Path jar;
        try (Stream<Path> lib = Files.list(WORKER.resolve("lib"))) {
            jar = lib.filter(p -> p.getFileName().toString().startsWith("onnxruntime")).findFirst().orElseThrow();
        }
        Files.createDirectories(target);
        String prefix = "ai/onnxruntime/native/linux-x64/";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith(prefix) && !e.isDirectory())
                    .toList()) {
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target.resolve(entry.getName().substring(prefix.length())));
                }
            }
        }
        assertThat(List.of(target.toFile().list())).contains("libonnxruntime.so", "libonnxruntime4j_jni.so");
        return target;
    }
}
