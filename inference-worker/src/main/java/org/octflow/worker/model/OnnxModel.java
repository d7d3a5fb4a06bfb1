package org.octflow.worker.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.preprocessing.ScanPreprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model version. Reference counted because closing an ORT session while {@code run} is in flight crashes
 * the JVM: the registry holds one reference, every model run another, and the session closes when the last goes.
 */
public final class OnnxModel {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);
    public static final int PIXELS = ScanPreprocessor.MODEL_SIDE * ScanPreprocessor.MODEL_SIDE;

    private final ModelManifest manifest;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String provider;
    private final ScanPreprocessor normalizer;
    private final ModelRef ref;
    private final String inputName;
    private final String outputName;
    private final AtomicInteger references = new AtomicInteger(1);

    OnnxModel(ModelManifest manifest, OrtEnvironment environment, SessionFactory.OpenedSession opened) {
        this.manifest = manifest;
        this.environment = environment;
        this.session = opened.session();
        this.provider = opened.provider();
        this.normalizer = new ScanPreprocessor(manifest.normalization().mean(), manifest.normalization().std());
        this.ref = ModelRef.newBuilder().setName(manifest.name()).setVersion(manifest.version())
                .setSha256(manifest.sha256()).build();
        this.inputName = manifest.input() != null && manifest.input().name() != null ? manifest.input().name() : "scans";
        this.outputName = manifest.output() != null && manifest.output().name() != null
                ? manifest.output().name() : "probabilities";
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

    public int classCount() {
        return manifest.classes().size();
    }

    /**
     * Runs the model on {@code count} images laid out in {@code input} (position 0, limit count*784; a direct buffer
     * is handed to ORT without a copy) and returns count*classes probabilities, row-major.
     */
    public float[] run(FloatBuffer input, int count) throws OrtException {
        long[] shape = {count, 1, ScanPreprocessor.MODEL_SIDE, ScanPreprocessor.MODEL_SIDE};
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxTensor output = (OnnxTensor) result.get(outputName)
                    .orElseThrow(() -> new IllegalStateException("model " + manifest.id() + " has no output '"
                            + outputName + "': re-export it with the output named as in its manifest"));
            FloatBuffer probabilities = output.getFloatBuffer();
            float[] values = new float[probabilities.remaining()];
            probabilities.get(values);
            if (values.length != count * classCount()) {
                throw new IllegalStateException("model " + manifest.id() + " returned " + values.length
                        + " values for " + count + " scans and " + classCount() + " classes");
            }
            return values;
        }
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
