package org.octflow.trainer.dl4j;

import onnx.Onnx;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.octflow.trainer.core.calibration.LogitCalibration;
import org.octflow.trainer.core.onnx.OnnxGraphBuilder;
import org.octflow.trainer.core.onnx.Tensor;

/**
 * Translates a DL4J {@link MultiLayerNetwork} (NCHW CNN) into ONNX, layer by layer: convolution, batch norm,
 * activations, max/average pooling, global average pooling, flatten, dense, dropout (identity at inference), output
 * with softmax.
 * Anything else is refused by name rather than exported wrongly.
 */
public final class Dl4jOnnxExporter {
    public static final String PRODUCER = "octflow-trainer (DL4J 1.0.0-M2.1)";

    /**
     * @param inputShape  with -1 for the dynamic batch, e.g. {-1, 1, 28, 28}
     * @param calibration applied to the logits before the output softmax, as one more Gemm (none when it changes
     *                    nothing)
     */
    public Onnx.ModelProto export(MultiLayerNetwork net, long[] inputShape, String inputName, String outputName,
                                  LogitCalibration calibration) {
        return export(net, inputShape, inputName, outputName, calibration, null);
    }

    /**
     * @param evidenceName with a global-average-pooling head, the name of a second output: the class activation map
     *                     [N, H, W] of the class the output ranks first (see {@link ClassActivationMaps}); null: none
     */
    public Onnx.ModelProto export(MultiLayerNetwork net, long[] inputShape, String inputName, String outputName,
                                  LogitCalibration calibration, String evidenceName) {
        Layer last = net.getOutputLayer();
        if (!(last.conf().getLayer() instanceof OutputLayer out) || !(out.getActivationFn() instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException("the network does not end in an OutputLayer with softmax: the"
                    + " contract's output is class probabilities");
        }
        OnnxGraphBuilder graph = new OnnxGraphBuilder("octflow", inputName, inputShape);
        String maps = translate(graph, net, calibration);
        if (evidenceName != null) {
            if (maps == null) {
                throw new IllegalArgumentException("an evidence map needs a global-average-pooling head (train with"
                        + " --head GLOBAL_AVERAGE); this network flattens its maps into a dense layer");
            }
            ClassActivationMaps cam = new ClassActivationMaps(net, calibration);
            long[] size = cam.mapSize((int) inputShape[2]);
            graph.classActivationMap(maps, cam.weights(), graph.current(), size[0], size[1], evidenceName);
        }
        return graph.build(outputName, new long[]{-1, out.getNOut()}, PRODUCER);
    }

    /** Exports any supported stack, e.g. a single hidden layer, with its output shape given: for parity tests. */
    public Onnx.ModelProto exportLayers(MultiLayerNetwork net, long[] inputShape, long[] outputShape) {
        OnnxGraphBuilder graph = new OnnxGraphBuilder("layers", "x", inputShape);
        translate(graph, net, null);
        return graph.build("y", outputShape, PRODUCER);
    }

    /** @return the maps a global-average-pooling head averages, or null when the network has none */
    private static String translate(OnnxGraphBuilder graph, MultiLayerNetwork net, LogitCalibration calibration) {
        String pooledMaps = null;
        for (int i = 0; i < net.getnLayers(); i++) {
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pre instanceof CnnToFeedForwardPreProcessor cnn) {
                if (cnn.getFormat() != CNN2DFormat.NCHW) {
                    throw unsupported(i, "a CNN-to-dense preprocessor in " + cnn.getFormat() + "; use NCHW");
                }
                graph.flatten();
            } else if (pre != null) {
                throw unsupported(i, "input preprocessor " + pre.getClass().getSimpleName());
            }
            Layer layer = net.getLayer(i);
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            if (conf.getClass() == ConvolutionLayer.class) {
                convolution(graph, layer, (ConvolutionLayer) conf, i);
            } else if (conf instanceof BatchNormalization bn) {
                batchNorm(graph, layer, bn, i);
            } else if (conf instanceof ActivationLayer a) {
                activation(graph, a.getActivationFn(), i);
            } else if (conf.getClass() == SubsamplingLayer.class) {
                pooling(graph, (SubsamplingLayer) conf, i);
            } else if (conf instanceof GlobalPoolingLayer global) {
                if (global.getPoolingType() != PoolingType.AVG) {
                    throw unsupported(i, "global " + global.getPoolingType() + " pooling (average only)");
                }
                pooledMaps = graph.current();
                graph.globalAveragePool().flatten();
            } else if (conf instanceof DropoutLayer) {
                continue; // identity at inference
            } else if (conf.getClass() == DenseLayer.class) {
                DenseLayer dense = (DenseLayer) conf;
                graph.gemm(tensor(layer.getParam("W")), dense.hasBias() ? vector(layer.getParam("b")) : null);
                activation(graph, dense.getActivationFn(), i);
            } else if (conf.getClass() == OutputLayer.class) {
                OutputLayer out = (OutputLayer) conf;
                graph.gemm(tensor(layer.getParam("W")), out.hasBias() ? vector(layer.getParam("b")) : null);
                if (out.getActivationFn() instanceof ActivationSoftmax && calibration != null
                        && !calibration.changesNothing()) {
                    graph.gemm(transposed(calibration.weights()), Tensor.vector(calibration.bias()));
                }
                activation(graph, out.getActivationFn(), i);
            } else {
                throw unsupported(i, conf.getClass().getSimpleName());
            }
        }
        return pooledMaps;
    }

    private static void convolution(OnnxGraphBuilder graph, Layer layer, ConvolutionLayer conv, int index) {
        int[] k = conv.getKernelSize();
        int[] s = conv.getStride();
        int[] d = conv.getDilation();
        long[] pads;
        if (conv.getConvolutionMode() == ConvolutionMode.Same) {
            if (s[0] != 1 || s[1] != 1 || k[0] % 2 == 0 || k[1] % 2 == 0) {
                throw unsupported(index, "'Same' convolution with stride " + s[0] + "x" + s[1] + " and kernel "
                        + k[0] + "x" + k[1] + " (its padding may be asymmetric); use stride 1 and an odd kernel");
            }
            long ph = (long) (k[0] - 1) / 2 * d[0];
            long pw = (long) (k[1] - 1) / 2 * d[1];
            pads = new long[]{ph, pw, ph, pw};
        } else {
            int[] p = conv.getPadding();
            pads = new long[]{p[0], p[1], p[0], p[1]};
        }
        Tensor bias = conv.hasBias() ? vector(layer.getParam("b")) : null;
        graph.conv(tensor(layer.getParam("W")), bias, new long[]{k[0], k[1]}, new long[]{s[0], s[1]}, pads,
                new long[]{d[0], d[1]});
        activation(graph, conv.getActivationFn(), index);
    }

    private static void batchNorm(OnnxGraphBuilder graph, Layer layer, BatchNormalization bn, int index) {
        if (bn.isLockGammaBeta()) {
            throw unsupported(index, "batch norm with locked gamma/beta");
        }
        INDArray var;
        if (bn.isUseLogStd()) {
            // DL4J keeps log10(std) instead of the variance: var = (10^log10std)^2.
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(layer.getParam("log10stdev").shape(), 10.0,
                    layer.getParam("log10stdev").dataType()), layer.getParam("log10stdev"), true);
            var = std.mul(std);
        } else {
            var = layer.getParam("var");
        }
        graph.batchNorm(vector(layer.getParam("gamma")), vector(layer.getParam("beta")),
                vector(layer.getParam("mean")), vector(var), bn.getEps());
        // No activation: DL4J's batch-norm layer ignores its configured one (the default sigmoid is never applied).
    }

    private static void pooling(OnnxGraphBuilder graph, SubsamplingLayer pool, int index) {
        if (pool.getConvolutionMode() == ConvolutionMode.Same) {
            throw unsupported(index, "'Same' pooling; use ConvolutionMode.Truncate with explicit padding");
        }
        int[] k = pool.getKernelSize();
        int[] s = pool.getStride();
        int[] p = pool.getPadding();
        long[] kernel = {k[0], k[1]};
        long[] strides = {s[0], s[1]};
        long[] pads = {p[0], p[1], p[0], p[1]};
        if (pool.getPoolingType() == PoolingType.MAX) {
            graph.maxPool(kernel, strides, pads);
        } else if (pool.getPoolingType() == PoolingType.AVG) {
            graph.averagePool(kernel, strides, pads);
        } else {
            throw unsupported(index, pool.getPoolingType() + " pooling");
        }
    }

    private static void activation(OnnxGraphBuilder graph, IActivation fn, int index) {
        if (fn == null || fn instanceof ActivationIdentity) {
            return;
        }
        if (fn instanceof ActivationReLU) {
            graph.activation("Relu");
        } else if (fn instanceof ActivationLReLU l) {
            graph.leakyRelu(l.getAlpha());
        } else if (fn instanceof ActivationELU e) {
            graph.elu(e.getAlpha());
        } else if (fn instanceof ActivationSigmoid) {
            graph.activation("Sigmoid");
        } else if (fn instanceof ActivationTanH) {
            graph.activation("Tanh");
        } else if (fn instanceof ActivationSoftmax) {
            graph.activation("Softmax");
        } else {
            throw unsupported(index, "activation " + fn);
        }
    }

    static Tensor tensor(INDArray array) {
        INDArray c = array.castTo(DataType.FLOAT).dup('c');
        return new Tensor(c.shape(), c.data().asFloat());
    }

    /** Gemm computes x W for a row x, so the calibration's W z is x times W transposed. */
    private static Tensor transposed(float[][] w) {
        int n = w.length;
        float[] data = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                data[j * n + i] = w[i][j];
            }
        }
        return new Tensor(new long[]{n, n}, data);
    }

    static Tensor vector(INDArray array) {
        return Tensor.vector(array.castTo(DataType.FLOAT).dup('c').data().asFloat());
    }

    private static IllegalArgumentException unsupported(int index, String what) {
        return new IllegalArgumentException("layer " + index + ": the ONNX exporter does not support " + what
                + " (supported: convolution, batch norm, activation, max/avg pooling, global average pooling, dense, dropout,"
                + " softmax output)");
    }
}
