package org.octflow.trainer.dl4j;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.octflow.runtime.ModelRunner;

import java.util.Random;

/** Test support: builds a small DL4J network from layers, exports it, and measures DL4J vs ONNX Runtime. */
final class LayerParity {
    private LayerParity() {
    }

    static MultiLayerNetwork network(int channels, int side, Layer... layers) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).list();
        for (Layer layer : layers) {
            list.layer(layer);
        }
        list.setInputType(InputType.convolutional(side, side, channels));
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** Randomises every parameter (batch-norm statistics included) so that no layer is an accidental identity. */
    static void randomiseParameters(MultiLayerNetwork net, long seed) {
        Random random = new Random(seed);
        INDArray params = net.params();
        for (long i = 0; i < params.length(); i++) {
            params.putScalar(i, (float) (random.nextGaussian() * 0.3));
        }
    }

    static float[] input(int n, int channels, int side, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n * channels * side * side];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /** @return max |DL4J - ONNX Runtime| over every output value */
    static double maxDifference(MultiLayerNetwork net, int n, int channels, int side) {
        float[] x = input(n, channels, side, 11);
        INDArray expected = net.output(Nd4j.create(x, new long[]{n, channels, side, side}, 'c'), false);
        long[] outShape = expected.shape().clone();
        outShape[0] = -1;
        byte[] onnx = new Dl4jOnnxExporter().exportLayers(net, new long[]{-1, channels, side, side}, outShape)
                .toByteArray();
        try (ModelRunner ort = new ModelRunner(onnx, 2)) {
            float[] actual = ort.run(x, new long[]{n, channels, side, side});
            float[] want = expected.dup('c').data().asFloat();
            if (actual.length != want.length) {
                throw new AssertionError("ONNX gives " + actual.length + " values, DL4J " + want.length);
            }
            double max = 0;
            for (int i = 0; i < want.length; i++) {
                max = Math.max(max, Math.abs(want[i] - actual[i]));
            }
            return max;
        }
    }
}
