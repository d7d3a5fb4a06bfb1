package org.octflow.runtime;

import ai.onnxruntime.OrtEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.contracts.manifest.InvalidModelException;
import org.octflow.testkit.TestModels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real ONNX Runtime and the exported model; no Kafka. */
class ModelRegistryTest {
    private final SessionFactory sessions = new SessionFactory(Device.CPU, 1);

    @TempDir
    Path dir;

    @Test
    void refusesAModelFileThatDoesNotMatchItsManifestSha256() throws Exception {
        Path model = TestModels.copyAs(dir.resolve("m"), "v1");
        Files.write(model.resolve("model.onnx"), new byte[]{1, 2, 3});
        assertThatThrownBy(() -> ModelRegistry.open(model, sessions))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("sha256").hasMessageContaining("re-export it");
    }

    @Test
    void anUnloadedRegistryServesNothingUntilItsFirstLoadAndLoadsOnlyOnce() throws Exception {
        Path model = TestModels.copyAs(dir.resolve("m"), "v1");
        try (ModelRegistry registry = ModelRegistry.unloaded(model, sessions)) {
            assertThat(registry.current()).isNull();
            assertThat(registry.reloadIfChanged()).isFalse();

            registry.loadFirst();

            assertThat(registry.current().manifest().version()).isEqualTo("v1");
            assertThatThrownBy(registry::loadFirst).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already serves a model");
            assertThat(registry.current().isClosed()).isFalse();
        }
    }

    @Test
    void swapsVersionsButClosesTheOldSessionOnlyAfterItsLastRunReleasesIt() throws Exception {
        Path model = TestModels.copyAs(dir.resolve("m"), "v1");
        try (ModelRegistry registry = ModelRegistry.open(model, sessions)) {
            ModelLease inFlight = registry.acquire();
            TestModels.publishVersion(model, "v2");

            assertThat(registry.reloadIfChanged()).isTrue();
            assertThat(registry.current().manifest().version()).isEqualTo("v2");
            // The old version is still open for the run that holds it.
            assertThat(inFlight.model().isClosed()).isFalse();
            assertThat(run(inFlight.model(), 3)).hasSize(3 * inFlight.model().classCount());
            inFlight.close();
            assertThat(inFlight.model().isClosed()).isTrue();

            try (ModelLease next = registry.acquire()) {
                assertThat(next.model().ref().getVersion()).isEqualTo("v2");
                assertThat(run(next.model(), 2)).hasSize(2 * next.model().classCount());
            }
            assertThat(registry.reloadIfChanged()).isFalse();
        }
    }

    @Test
    void keepsServingWhenANewVersionIsBrokenOrHalfWritten() throws Exception {
        Path model = TestModels.copyAs(dir.resolve("m"), "v1");
        try (ModelRegistry registry = ModelRegistry.open(model, sessions)) {
            Files.writeString(model.resolve("manifest.json"), "{\"name\": \"octmnist-cnn\", \"vers");
            assertThat(registry.reloadIfChanged()).isFalse();
            assertThat(registry.current().manifest().version()).isEqualTo("v1");
            try (ModelLease lease = registry.acquire()) {
                assertThat(run(lease.model(), 1)).hasSize(lease.model().classCount());
            }
        }
    }

    @Test
    void manyConcurrentRunsSurviveRepeatedSwaps() throws Exception {
        Path model = TestModels.copyAs(dir.resolve("m"), "v0");
        try (ModelRegistry registry = ModelRegistry.open(model, sessions)) {
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicLong runs = new java.util.concurrent.atomic.AtomicLong();
            java.util.List<Thread> runners = new java.util.ArrayList<>();
            java.util.List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread runner = new Thread(() -> {
                    while (!stop.get()) {
                        try (ModelLease lease = registry.acquire()) {
                            run(lease.model(), 8);
                            runs.incrementAndGet();
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }
                });
                runner.start();
                runners.add(runner);
            }
            for (int v = 1; v <= 5; v++) {
                TestModels.publishVersion(model, "v" + v);
                assertThat(registry.reloadIfChanged()).isTrue();
                Thread.sleep(50);
            }
            stop.set(true);
            for (Thread runner : runners) {
                runner.join();
            }
            assertThat(errors).isEmpty();
            assertThat(runs.get()).isPositive();
            assertThat(registry.current().manifest().version()).isEqualTo("v5");
        }
    }

    @Test
    void takesItsInputSideFromTheManifest() throws Exception {
        try (ModelRegistry registry = ModelRegistry.open(TestModels.defaultModel(), sessions)) {
            LoadedModel model = registry.current();
            assertThat(model.inputSide()).isEqualTo(model.manifest().input().shape().get(3).intValue());
            assertThat(model.pixels()).isEqualTo(28 * 28);
        }
    }

    static float[] run(LoadedModel model, int n) throws Exception {
        FloatBuffer input = ByteBuffer.allocateDirect(n * model.pixels() * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < n * model.pixels(); i++) {
            input.put((i % 255) / 255f);
        }
        input.flip();
        return model.run(input, n).probabilities();
    }
}
