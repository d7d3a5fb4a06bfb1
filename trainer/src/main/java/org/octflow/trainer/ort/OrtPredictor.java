package org.octflow.trainer.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;

/** Runs an ONNX model on the CPU provider: the trainer's stand-in for the serving worker. */
public final class OrtPredictor implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String inputName;

    public OrtPredictor(byte[] model) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            session = env.createSession(model, options);
            inputName = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused the exported model: " + e.getMessage()
                    + " (the exporter produced an invalid graph; this is a bug to report)", e);
        }
    }

    /** @return the first output, flattened row-major */
    public float[] run(float[] input, long[] shape) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        }
    }

    /** Runs in batches of 256 and returns one row of {@code width} values per example. */
    public float[][] predict(float[] features, int side, int width) {
        int area = side * side;
        int n = features.length / area;
        float[][] rows = new float[n][width];
        for (int start = 0; start < n; start += 256) {
            int count = Math.min(256, n - start);
            float[] slice = new float[count * area];
            System.arraycopy(features, start * area, slice, 0, slice.length);
            float[] out = run(slice, new long[]{count, 1, side, side});
            for (int i = 0; i < count; i++) {
                System.arraycopy(out, i * width, rows[start + i], 0, width);
            }
        }
        return rows;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("could not close the ONNX Runtime session", e);
        }
    }
}
