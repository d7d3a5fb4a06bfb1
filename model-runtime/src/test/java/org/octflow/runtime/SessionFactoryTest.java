package org.octflow.runtime;

import ai.onnxruntime.OrtEnvironment;
import org.junit.jupiter.api.Test;
import org.octflow.testkit.TestModels;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** This machine has no GPU and no CUDA libraries; the GPU build of ONNX Runtime must still serve on CPU. */
class SessionFactoryTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @Test
    void autoFallsBackToCpuWhenCudaIsAbsent() throws Exception {
        assumeFalse(Files.exists(Path.of("/dev/nvidia0")), "skipped: this machine has a GPU");
        Path model = TestModels.defaultModel();
        SessionFactory factory = new SessionFactory(Device.AUTO, 1);

        SessionFactory.OpenedSession opened = factory.open(model.resolve("model.onnx"));
        try (var session = opened.session()) {
            assertThat(opened.provider()).isEqualTo("CPU");
            assertThat(session.getInputNames()).contains("scans");
        }
        // Decided once: a later model version goes straight to CPU.
        try (var again = factory.open(model.resolve("model.onnx")).session()) {
            assertThat(again.getOutputNames()).contains("probabilities");
        }
    }

    @Test
    void cudaAskedForExplicitlyFailsWithWhatToDoWhenAbsent() {
        assumeFalse(Files.exists(Path.of("/dev/nvidia0")), "skipped: this machine has a GPU");
        Path model = TestModels.defaultModel();
        SessionFactory factory = new SessionFactory(Device.CUDA, 1);

        assertThatThrownBy(() -> factory.open(model.resolve("model.onnx")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--device cuda was asked for but CUDA cannot be used")
                .hasMessageContaining("--device auto or cpu");
    }

    @Test
    void cpuNeverTriesCuda() throws Exception {
        Path model = TestModels.defaultModel();
        SessionFactory.OpenedSession opened = new SessionFactory(Device.CPU, 1).open(model.resolve("model.onnx"));
        try (var session = opened.session()) {
            assertThat(opened.provider()).isEqualTo("CPU");
        }
    }
}
