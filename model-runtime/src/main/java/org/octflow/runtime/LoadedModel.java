package org.octflow.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.v1.ModelRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model version: its manifest, where it runs, and batches in, probabilities out. Its input side and
 * normalisation come from the manifest, the trainer's record of what it trained on, through its
 * {@link ScanTranslator}. Reference counted because
 * closing an ONNX Runtime session while {@code run} is in flight crashes the JVM: the registry holds one reference,
 * every run another, and the session closes when the last goes.
 */
public final class LoadedModel {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

    private final ModelManifest manifest;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String provider;
    private final ScanTranslator translator;
    private final ModelRef ref;
    private final String inputName;
    private final String outputName;
    private final String evidenceName;
    private final AtomicInteger references = new AtomicInteger(1);

    LoadedModel(ModelManifest manifest, OrtEnvironment environment, SessionFactory.OpenedSession opened) {
        this.manifest = manifest;
        this.environment = environment;
        this.session = opened.session();
        this.provider = opened.provider();
        this.translator = ScanTranslator.of(manifest);
        this.ref = ModelRef.newBuilder().setName(manifest.name()).setVersion(manifest.version())
                .setSha256(manifest.sha256()).build();
        this.inputName = manifest.input() != null && manifest.input().name() != null ? manifest.input().name() : "scans";
        this.outputName = manifest.output() != null && manifest.output().name() != null
                ? manifest.output().name() : "probabilities";
        this.evidenceName = translator.givesEvidence() ? manifest.evidence().name() : null;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public ModelRef ref() {
        return ref;
    }

    public String provider() {
        return provider;
    }

    /** How a scan becomes this version's input and its output a prediction: per model, not per worker. */
    public ScanTranslator translator() {
        return translator;
    }

    /** The side of the square grey images the model takes, as its translator reads the manifest. */
    public int inputSide() {
        return translator.inputSide();
    }

    public int pixels() {
        return translator.pixels();
    }

    public int classCount() {
        return translator.classCount();
    }

    /**
     * Runs the model on {@code count} images laid out in {@code input} (position 0, limit count*pixels; a direct
     * buffer is handed to ONNX Runtime without a copy) and returns count*classes probabilities, row-major, and the
     * evidence maps when the manifest names them.
     */
    public ModelOutputs run(FloatBuffer input, int count) throws ModelRunException {
        long[] shape = {count, 1, inputSide(), inputSide()};
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            float[] values = floats(result, outputName, count * classCount(), count + " scans and " + classCount()
                    + " classes");
            if (evidenceName == null) {
                return ModelOutputs.probabilitiesOnly(values);
            }
            int height = translator.evidenceHeight();
            int width = translator.evidenceWidth();
            float[] evidence = floats(result, evidenceName, count * height * width, count + " evidence maps of "
                    + height + "x" + width);
            return new ModelOutputs(values, evidence, height, width);
        } catch (OrtException e) {
            throw new ModelRunException("model " + manifest.id() + " failed on " + count + " scans: " + e.getMessage(),
                    e);
        }
    }

    private float[] floats(OrtSession.Result result, String name, int expected, String what) throws OrtException {
        OnnxTensor output = (OnnxTensor) result.get(name)
                .orElseThrow(() -> new IllegalStateException("model " + manifest.id() + " has no output '"
                        + name + "': re-export it with the outputs named as in its manifest"));
        FloatBuffer buffer = output.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        if (values.length != expected) {
            throw new IllegalStateException("model " + manifest.id() + " returned " + values.length + " values of '"
                    + name + "' for " + what);
        }
        return values;
    }

    /** Takes a reference unless the model is already closing; true when the caller may run it. */
    boolean tryRetain() {
        while (true) {
            int now = references.get();
            if (now <= 0) {
                return false;
            }
            if (references.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the session, after every run that started has finished. */
    void release() {
        if (references.decrementAndGet() == 0) {
            try {
                session.close();
                LOG.info("closed model {}", manifest.id());
            } catch (OrtException e) {
                LOG.warn("closing model {} failed: {}", manifest.id(), e.getMessage());
            }
        }
    }

    boolean isClosed() {
        return references.get() <= 0;
    }
}
