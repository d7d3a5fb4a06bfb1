package org.octflow.trainer.dl4j;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** Inference on a trained DL4J network: the logits before the output softmax, in batches. */
public final class Dl4jModel {
    private static final int BATCH = 256;

    private final MultiLayerNetwork net;
    private final int side;

    public Dl4jModel(MultiLayerNetwork net, int side) {
        this.net = net;
        this.side = side;
    }

    public MultiLayerNetwork network() {
        return net;
    }

    public int side() {
        return side;
    }

    /** DL4J's own output: softmax probabilities, temperature 1. */
    public float[][] probabilities(float[] features) {
        int area = side * side;
        int n = features.length / area;
        float[][] out = new float[n][];
        for (int start = 0; start < n; start += BATCH) {
            int count = Math.min(BATCH, n - start);
            float[] slice = new float[count * area];
            System.arraycopy(features, start * area, slice, 0, slice.length);
            INDArray p = net.output(Nd4j.create(slice, new long[]{count, 1, side, side}, 'c'), false);
            for (int i = 0; i < count; i++) {
                out[start + i] = p.getRow(i).toFloatVector();
            }
        }
        return out;
    }

    /** Output-layer pre-activations, computed as the exported graph computes them (Gemm on the last hidden layer). */
    public float[][] logits(float[] features) {
        int area = side * side;
        int n = features.length / area;
        Layer output = net.getOutputLayer();
        INDArray w = output.getParam("W");
        INDArray b = output.getParam("b");
        float[][] out = new float[n][];
        for (int start = 0; start < n; start += BATCH) {
            int count = Math.min(BATCH, n - start);
            float[] slice = new float[count * area];
            System.arraycopy(features, start * area, slice, 0, slice.length);
            INDArray input = Nd4j.create(slice, new long[]{count, 1, side, side}, 'c');
            List<INDArray> activations = net.feedForward(input, false);
            INDArray hidden = activations.get(activations.size() - 2);
            INDArray z = hidden.mmul(w).addiRowVector(b);
            for (int i = 0; i < count; i++) {
                out[start + i] = z.getRow(i).toFloatVector();
            }
        }
        return out;
    }
}
