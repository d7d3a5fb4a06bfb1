package org.octflow.trainer.dl4j;

import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.octflow.trainer.core.calibration.LogitCalibration;
import org.octflow.trainer.core.onnx.Tensor;

import java.util.List;

/**
 * Class activation maps (Zhou et al. 2016) of a network with a global-average-pooling head, computed in DL4J: the
 * reference the exported graph's evidence output is checked against. The calibrated score of class c is
 * u_c = sum_j Wcal[c][j] (sum_k W[k][j] mean(A_k) + b_j) + bcal_c, linear in the maps A, so the map of c is
 * sum_k Wcam[k][c] A_k with Wcam[k][c] = sum_j W[k][j] Wcal[c][j]: its mean over the cells is u_c less a constant.
 */
public final class ClassActivationMaps {
    private final MultiLayerNetwork net;
    private final int mapsLayer;
    private final float[][] weights;

    public ClassActivationMaps(MultiLayerNetwork net, LogitCalibration calibration) {
        this.net = net;
        this.mapsLayer = poolingLayer(net) - 1;
        INDArray w = net.getOutputLayer().getParam("W").castTo(DataType.FLOAT); // [K, C]
        int channels = (int) w.rows();
        int classes = (int) w.columns();
        weights = new float[channels][classes];
        for (int k = 0; k < channels; k++) {
            for (int c = 0; c < classes; c++) {
                double sum = 0;
                for (int j = 0; j < classes; j++) {
                    double cal = calibration == null ? (c == j ? 1 : 0) : calibration.weights()[c][j];
                    sum += w.getDouble(k, j) * cal;
                }
                weights[k][c] = (float) sum;
            }
        }
    }

    /** Wcam as [K, C], row-major. */
    public Tensor weights() {
        int channels = weights.length;
        int classes = weights[0].length;
        float[] data = new float[channels * classes];
        for (int k = 0; k < channels; k++) {
            System.arraycopy(weights[k], 0, data, k * classes, classes);
        }
        return new Tensor(new long[]{channels, classes}, data);
    }

    /** [height, width] of the maps for a side x side input. */
    public long[] mapSize(int side) {
        long[] shape = maps(new float[side * side], side).shape();
        return new long[]{shape[2], shape[3]};
    }

    /**
     * @param features normalised images [N, 1, side, side], row-major
     * @param classes  per image, the class whose map is wanted
     * @return per image, its map, row-major over the cells
     */
    public float[][] of(float[] features, int side, int[] classes) {
        INDArray a = maps(features, side); // [N, K, H, W]
        int n = (int) a.size(0);
        int channels = (int) a.size(1);
        int cells = (int) (a.size(2) * a.size(3));
        float[] flat = a.dup('c').data().asFloat();
        float[][] out = new float[n][cells];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < channels; k++) {
                float w = weights[k][classes[i]];
                int base = (i * channels + k) * cells;
                for (int cell = 0; cell < cells; cell++) {
                    out[i][cell] += w * flat[base + cell];
                }
            }
        }
        return out;
    }

    private INDArray maps(float[] features, int side) {
        INDArray input = Nd4j.create(features, new long[]{features.length / (side * side), 1, side, side}, 'c');
        List<INDArray> activations = net.feedForwardToLayer(mapsLayer, input, false);
        // activations[0] is the input; activations[l + 1] the output of layer l
        return activations.get(mapsLayer + 1).castTo(DataType.FLOAT);
    }

    /** True when the network has a global-average-pooling head the maps can be read from. */
    public static boolean supports(MultiLayerNetwork net) {
        try {
            poolingLayer(net);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The global pooling layer, when only dropout (identity at inference) lies between it and the output layer. */
    private static int poolingLayer(MultiLayerNetwork net) {
        int last = net.getnLayers() - 1;
        for (int i = last - 1; i >= 0; i--) {
            var conf = net.getLayer(i).conf().getLayer();
            if (conf instanceof GlobalPoolingLayer && net.getLayer(last).conf().getLayer() instanceof OutputLayer) {
                return i;
            }
            if (!(conf instanceof DropoutLayer)) {
                break;
            }
        }
        throw new IllegalArgumentException("a class activation map needs a global-average-pooling head followed by"
                + " the output layer (train with --head GLOBAL_AVERAGE)");
    }
}
