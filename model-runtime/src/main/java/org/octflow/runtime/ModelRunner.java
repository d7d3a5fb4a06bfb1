package org.octflow.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Runs an exported model's bytes before it has a manifest: the trainer's parity gate and the serving bench. Same
 * engine and session options as a served {@link LoadedModel}, on the CPU, so "served equals trained" is checked on
 * the runtime that serves.
 */
public final class ModelRunner implements AutoCloseable {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String inputName;

    public ModelRunner(byte[] model, int intraOpThreads) {
        try (OrtSession.SessionOptions options = SessionFactory.options(intraOpThreads, false)) {
            session = environment.createSession(model, options);
            inputName = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused the model: " + e.getMessage()
                    + " (an exporter that produced an invalid graph is a bug to report)", e);
        }
    }

    /** @return the first output, flattened row-major */
    public float[] run(FloatBuffer input, long[] shape) {
        return run(input, shape, null);
    }

    /** @param output the output's name, or null for the first */
    public float[] run(FloatBuffer input, long[] shape, String output) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, shape);
             OrtSession.Result result = output == null ? session.run(Map.of(inputName, tensor))
                     : session.run(Map.of(inputName, tensor), java.util.Set.of(output))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        }
    }

    public float[] run(float[] input, long[] shape) {
        return run(FloatBuffer.wrap(input), shape);
    }

    /** Runs in batches of 256 and returns one row of {@code width} values per example. */
    public float[][] predict(float[] features, int side, int width) {
        return predict(features, side, width, null);
    }

    /** {@link #predict(float[], int, int)} of the output named {@code output} (null: the first). */
    public float[][] predict(float[] features, int side, int width, String output) {
        int area = side * side;
        int n = features.length / area;
        float[][] rows = new float[n][width];
        for (int start = 0; start < n; start += 256) {
            int count = Math.min(256, n - start);
            float[] slice = new float[count * area];
            System.arraycopy(features, start * area, slice, 0, slice.length);
            float[] out = run(FloatBuffer.wrap(slice), new long[]{count, 1, side, side}, output);
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
