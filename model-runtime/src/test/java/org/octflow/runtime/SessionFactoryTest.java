package org.octflow.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import org.junit.jupiter.api.Test;
import org.octflow.testkit.TestModels;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * This machine has no GPU and no CUDA libraries, and builds with the CPU build of ONNX Runtime; the CUDA build is
 * stood in for by its provider list (it lists CUDA whether or not a GPU is there). Either must serve on CPU under
 * {@code auto}, saying so in one log line.
 */
class SessionFactoryTest {
    private static final Set<OrtProvider> CUDA_BUILD = EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA);
    private static final Path MODEL = TestModels.defaultModel().resolve("model.onnx");

    @Test
    void autoOnTheCpuBuildSaysCpuInOneInfoLine() throws Exception {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "skipped: the CUDA build");
        SessionFactory factory = new SessionFactory(Device.AUTO, 1);

        Logged<SessionFactory.OpenedSession> opened = logged(() -> factory.open(MODEL));
        try (var session = opened.value().session()) {
            assertThat(opened.value().provider()).isEqualTo("CPU");
            assertThat(session.getInputNames()).contains("scans");
        }
        assertThat(opened.lines()).singleElement().asString()
                .contains("INFO").contains("device auto: CPU (no CUDA in this build)");
        // Decided once: a later model version goes straight to CPU, silently.
        Logged<SessionFactory.OpenedSession> again = logged(() -> factory.open(MODEL));
        try (var session = again.value().session()) {
            assertThat(session.getOutputNames()).contains("probabilities");
        }
        assertThat(again.lines()).isEmpty();
    }

    @Test
    void autoOnTheCudaBuildWithoutUsableCudaFallsBackToCpuInOneWarnLine() throws Exception {
        assumeFalse(Files.exists(Path.of("/dev/nvidia0")), "skipped: this machine has a GPU");
        SessionFactory factory = new SessionFactory(Device.AUTO, 1, false, CUDA_BUILD);

        Logged<SessionFactory.OpenedSession> opened = logged(() -> factory.open(MODEL));
        try (var session = opened.value().session()) {
            assertThat(opened.value().provider()).isEqualTo("CPU");
        }
        // Why, in the same line, and no stack trace.
        assertThat(opened.lines()).singleElement().asString()
                .contains("WARN").contains("device auto: CUDA is not usable (").contains("falling back to CPU");
        Logged<SessionFactory.OpenedSession> again = logged(() -> factory.open(MODEL));
        try (var session = again.value().session()) {
            assertThat(again.value().provider()).isEqualTo("CPU");
        }
        assertThat(again.lines()).isEmpty();
    }

    @Test
    void cudaAskedForOnTheCpuBuildFailsWithWhatToDo() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "skipped: the CUDA build");
        SessionFactory factory = new SessionFactory(Device.CUDA, 1);

        assertThatThrownBy(() -> factory.open(MODEL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--device cuda was asked for but CUDA cannot be used")
                .hasMessageContaining("-P gpu")
                .hasMessageContaining("--device auto or cpu");
    }

    @Test
    void cudaAskedForOnTheCudaBuildWithoutUsableCudaFailsWithWhatToDo() {
        assumeFalse(Files.exists(Path.of("/dev/nvidia0")), "skipped: this machine has a GPU");
        SessionFactory factory = new SessionFactory(Device.CUDA, 1, false, CUDA_BUILD);

        assertThatThrownBy(() -> factory.open(MODEL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--device cuda was asked for but CUDA cannot be used")
                .hasMessageContaining("install CUDA 12 + cuDNN 9")
                .hasMessageContaining("--device auto or cpu");
    }

    @Test
    void cpuNeverTriesCudaAndSaysNothing() throws Exception {
        Logged<SessionFactory.OpenedSession> opened = logged(
                () -> new SessionFactory(Device.CPU, 1, false, CUDA_BUILD).open(MODEL));
        try (var session = opened.value().session()) {
            assertThat(opened.value().provider()).isEqualTo("CPU");
        }
        assertThat(opened.lines()).isEmpty();
    }

    /** What a call returned and the lines it logged (slf4j-simple writes to System.err as it is at each line). */
    private record Logged<T>(T value, List<String> lines) {
    }

    private static <T> Logged<T> logged(Callable<T> action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            T value = action.call();
            return new Logged<>(value, captured.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            System.setErr(original);
        }
    }
}
