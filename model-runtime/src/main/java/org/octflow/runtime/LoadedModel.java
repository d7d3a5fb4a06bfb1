package org.octflow.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.preprocessing.ScanDecoder;
import org.octflow.preprocessing.ScanPreprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model version: its manifest, where it runs, and batches in, probabilities out. Its input side and
 * normalisation come from the manifest, the trainer's record of what it trained on. Reference counted because
 * closing an ONNX Runtime session while {@code run} is in flight crashes the JVM: the registry holds one reference,
 * every run another, and the session closes when the last goes.
 */
public final class LoadedModel {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

    private final ModelManifest manifest;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String provider;
    private final ScanPreprocessor normalizer;
    private final ModelRef ref;
    private final String inputName;
    private final String outputName;
    private final String evidenceName;
    private final int evidenceHeight;
    private final int evidenceWidth;
    private final int inputSide;
    private final AtomicInteger references = new AtomicInteger(1);

    LoadedModel(ModelManifest manifest, OrtEnvironment environment, SessionFactory.OpenedSession opened) {
        this.manifest = manifest;
        this.environment = environment;
        this.session = opened.session();
        this.provider = opened.provider();
        this.inputSide = inputSide(manifest);
        this.normalizer = new ScanPreprocessor(new ScanDecoder(ScanPreprocessor.DEFAULT_MAX_PIXELS), inputSide,
                manifest.normalization().mean(), manifest.normalization().std());
        this.ref = ModelRef.newBuilder().setName(manifest.name()).setVersion(manifest.version())
                .setSha256(manifest.sha256()).build();
        this.inputName = manifest.input() != null && manifest.input().name() != null ? manifest.input().name() : "scans";
        this.outputName = manifest.output() != null && manifest.output().name() != null
                ? manifest.output().name() : "probabilities";
        this.evidenceName = manifest.evidence() != null ? manifest.evidence().name() : null;
        this.evidenceHeight = evidenceName != null ? Math.toIntExact(manifest.evidence().shape().get(1)) : 0;
        this.evidenceWidth = evidenceName != null ? Math.toIntExact(manifest.evidence().shape().get(2)) : 0;
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

    /** The trainer's normalisation for this version; pixels are normalised per model, not per worker. */
    public ScanPreprocessor normalizer() {
        return normalizer;
    }

    /** The side of the square grey images the model takes ([N, 1, side, side] in its manifest). */
    public int inputSide() {
        return inputSide;
    }

    public int pixels() {
        return inputSide * inputSide;
    }

    public int classCount() {
        return manifest.classes().size();
    }

    /**
     * Runs the model on {@code count} images laid out in {@code input} (position 0, limit count*pixels; a direct
     * buffer is handed to ONNX Runtime without a copy) and returns count*classes probabilities, row-major, and the
     * evidence maps when the manifest names them.
     */
    public ModelOutputs run(FloatBuffer input, int count) throws ModelRunException {
        long[] shape = {count, 1, inputSide, inputSide};
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            float[] values = floats(result, outputName, count * classCount(), count + " scans and " + classCount()
                    + " classes");
            if (evidenceName == null) {
                return ModelOutputs.probabilitiesOnly(values);
            }
            float[] evidence = floats(result, evidenceName, count * evidenceHeight * evidenceWidth, count
                    + " evidence maps of " + evidenceHeight + "x" + evidenceWidth);
            return new ModelOutputs(values, evidence, evidenceHeight, evidenceWidth);
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

    /** [N, 1, side, side] from the manifest; a manifest without a shape is a 28x28 OCTMNIST model. */
    static int inputSide(ModelManifest manifest) {
        if (manifest.input() == null || manifest.input().shape() == null || manifest.input().shape().size() != 4) {
            return ScanPreprocessor.MODEL_SIDE;
        }
        long height = manifest.input().shape().get(2);
        long width = manifest.input().shape().get(3);
        if (height != width || height < 1) {
            throw new IllegalStateException("model " + manifest.id() + " takes " + manifest.input().shape()
                    + "; the runtime serves square grey inputs [N, 1, side, side]");
        }
        return (int) height;
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
