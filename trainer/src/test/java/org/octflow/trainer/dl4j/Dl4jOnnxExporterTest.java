package org.octflow.trainer.dl4j;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.octflow.trainer.core.calibration.CalibrationMethod;
import org.octflow.trainer.core.calibration.LogitCalibration;
import org.octflow.trainer.core.calibration.Softmax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each supported layer type, exported alone, gives DL4J's output in ONNX Runtime. */
class Dl4jOnnxExporterTest {
    static final double TOLERANCE = 1e-5;

    @Test
    void convolutionSamePaddingMatches() {
        MultiLayerNetwork net = LayerParity.network(2, 9, new ConvolutionLayer.Builder(3, 3).nOut(4)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build());
        LayerParity.randomiseParameters(net, 1);
        assertThat(LayerParity.maxDifference(net, 3, 2, 9)).isLessThan(TOLERANCE);
    }

    @Test
    void convolutionTruncateStrideAndPaddingWithoutBiasMatches() {
        MultiLayerNetwork net = LayerParity.network(1, 10, new ConvolutionLayer.Builder(3, 3).nOut(3).stride(2, 2)
                .padding(1, 1).hasBias(false).convolutionMode(ConvolutionMode.Truncate).activation(Activation.RELU).build());
        LayerParity.randomiseParameters(net, 2);
        assertThat(LayerParity.maxDifference(net, 2, 1, 10)).isLessThan(TOLERANCE);
    }

    @Test
    void batchNormalizationWithTrainedStatisticsMatches() {
        MultiLayerNetwork net = LayerParity.network(3, 6, new BatchNormalization.Builder().build());
        LayerParity.randomiseParameters(net, 3);
        assertThat(LayerParity.maxDifference(net, 4, 3, 6)).isLessThan(TOLERANCE);
    }

    @Test
    void batchNormalizationWithPlainVarianceMatches() {
        MultiLayerNetwork net = LayerParity.network(3, 6, new BatchNormalization.Builder().useLogStd(false).build());
        LayerParity.randomiseParameters(net, 4);
        net.getLayer(0).getParam("var").assign(org.nd4j.linalg.factory.Nd4j.rand(1, 3).addi(0.5));
        assertThat(LayerParity.maxDifference(net, 4, 3, 6)).isLessThan(TOLERANCE);
    }

    @Test
    void activationsMatch() {
        for (Activation activation : new Activation[]{Activation.RELU, Activation.LEAKYRELU, Activation.TANH,
                Activation.SIGMOID, Activation.ELU}) {
            MultiLayerNetwork net = LayerParity.network(2, 5, new ActivationLayer.Builder().activation(activation).build());
            assertThat(LayerParity.maxDifference(net, 2, 2, 5)).as(activation.name()).isLessThan(TOLERANCE);
        }
    }

    @Test
    void maxAndAveragePoolingMatch() {
        for (PoolingType type : new PoolingType[]{PoolingType.MAX, PoolingType.AVG}) {
            MultiLayerNetwork net = LayerParity.network(2, 7, new SubsamplingLayer.Builder(type).kernelSize(2, 2)
                    .stride(2, 2).convolutionMode(ConvolutionMode.Truncate).build());
            assertThat(LayerParity.maxDifference(net, 2, 2, 7)).as(type.name()).isLessThan(TOLERANCE);
        }
    }

    @Test
    void flattenAndDenseMatch() {
        MultiLayerNetwork net = LayerParity.network(2, 4, new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build());
        LayerParity.randomiseParameters(net, 5);
        assertThat(LayerParity.maxDifference(net, 3, 2, 4)).isLessThan(TOLERANCE);
    }

    @Test
    void dropoutIsIdentityAtInference() {
        MultiLayerNetwork net = LayerParity.network(1, 4, new DropoutLayer.Builder(0.5).build(),
                new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build());
        LayerParity.randomiseParameters(net, 6);
        assertThat(LayerParity.maxDifference(net, 3, 1, 4)).isLessThan(TOLERANCE);
    }

    @Test
    void softmaxOutputMatches() {
        MultiLayerNetwork net = LayerParity.network(1, 4, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(4).activation(Activation.SOFTMAX).build());
        LayerParity.randomiseParameters(net, 7);
        assertThat(LayerParity.maxDifference(net, 5, 1, 4)).isLessThan(TOLERANCE);
    }

    @Test
    void theWholeDefaultModelWithCalibrationMatches() {
        MultiLayerNetwork net = new NetworkFactory().build(org.octflow.trainer.core.config.ArchitectureConfig.defaults(),
                28, 4, new float[]{1, 2, 3, 1}, 1e-3, 1e-4, 1);
        LayerParity.randomiseParameters(net, 8);
        float[] x = LayerParity.input(6, 1, 28, 12);
        Dl4jModel model = new Dl4jModel(net, 28);
        // A full matrix and bias, not symmetric, so a transposed or dropped term would show.
        LogitCalibration calibration = new LogitCalibration(CalibrationMethod.MATRIX,
                new float[][]{{1.3f, 0.2f, 0, -0.1f}, {0, 0.8f, 0.3f, 0}, {-0.2f, 0, 1.1f, 0}, {0.1f, 0, 0, 0.7f}},
                new float[]{0.4f, -0.3f, 0.1f, 0});
        float[][] expected = calibration.probabilities(model.logits(x));
        byte[] onnx = new Dl4jOnnxExporter().export(net, new long[]{-1, 1, 28, 28}, "scans", "probabilities", calibration)
                .toByteArray();
        try (org.octflow.runtime.ModelRunner ort = new org.octflow.runtime.ModelRunner(onnx, 2)) {
            float[][] actual = ort.predict(x, 28, 4);
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 4; j++) {
                    assertThat((double) actual[i][j]).isCloseTo(expected[i][j], org.assertj.core.api.Assertions.within(1e-5));
                }
            }
        }
        // And DL4J's own softmax output is what the logits path reproduces without calibration.
        float[][] dl4j = model.probabilities(x);
        float[][] viaLogits = Softmax.rows(model.logits(x));
        assertThat((double) Math.abs(dl4j[0][0] - viaLogits[0][0])).isLessThan(1e-5);
    }

    /** A small batch-norm network with a global-average-pooling head and random parameters. */
    private static MultiLayerNetwork globalAverageNetwork(long seed) {
        MultiLayerNetwork net = new NetworkFactory().build(org.octflow.trainer.core.config.ArchitectureConfig.parse(
                        "8,8p,16,16p,32", 0, 0.3, true, org.octflow.trainer.core.config.ArchitectureConfig.Head.GLOBAL_AVERAGE),
                28, 4, null, 1e-3, 1e-4, seed);
        LayerParity.randomiseParameters(net, seed + 7);
        return net;
    }

    @Test
    void aBatchNormGlobalAveragePoolingNetworkMatches() {
        MultiLayerNetwork net = globalAverageNetwork(2);
        float[] x = LayerParity.input(5, 1, 28, 13);
        Dl4jModel model = new Dl4jModel(net, 28);
        byte[] onnx = new Dl4jOnnxExporter().export(net, new long[]{-1, 1, 28, 28}, "scans", "probabilities",
                LogitCalibration.identity(4)).toByteArray();
        try (org.octflow.runtime.ModelRunner ort = new org.octflow.runtime.ModelRunner(onnx, 2)) {
            float[][] actual = ort.predict(x, 28, 4);
            float[][] expected = model.probabilities(x);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 4; j++) {
                    assertThat((double) actual[i][j]).isCloseTo(expected[i][j], org.assertj.core.api.Assertions.within(1e-5));
                }
            }
        }
    }

    @Test
    void theEvidenceOutputIsTheClassActivationMapOfTheServedClassAsDl4jComputesIt() {
        MultiLayerNetwork net = globalAverageNetwork(3);
        float[] x = LayerParity.input(6, 1, 28, 14);
        LogitCalibration calibration = new LogitCalibration(CalibrationMethod.VECTOR,
                new float[][]{{1.4f, 0, 0, 0}, {0, 0.7f, 0, 0}, {0, 0, 1.1f, 0}, {0, 0, 0, 0.9f}},
                new float[]{0.2f, -0.4f, 0.3f, 0});
        byte[] onnx = new Dl4jOnnxExporter().export(net, new long[]{-1, 1, 28, 28}, "scans", "probabilities",
                calibration, "evidence").toByteArray();

        Dl4jModel model = new Dl4jModel(net, 28);
        float[][] logits = model.logits(x);
        float[][] served = calibration.probabilities(logits);
        int[] top = new int[6];
        for (int i = 0; i < 6; i++) {
            top[i] = org.octflow.trainer.core.metrics.Evaluator.argmax(served[i]);
        }
        float[][] reference = new ClassActivationMaps(net, calibration).of(x, 28, top);
        try (org.octflow.runtime.ModelRunner ort = new org.octflow.runtime.ModelRunner(onnx, 2)) {
            float[][] maps = ort.predict(x, 28, 49, "evidence");
            float[][] probabilities = ort.predict(x, 28, 4);
            assertThat(probabilities[0][top[0]]).as("the first output is still the probabilities")
                    .isCloseTo(served[0][top[0]], org.assertj.core.api.Assertions.within(1e-5f));
            for (int i = 0; i < 6; i++) {
                for (int cell = 0; cell < 49; cell++) {
                    assertThat((double) maps[i][cell]).isCloseTo(reference[i][cell],
                            org.assertj.core.api.Assertions.within(1e-4));
                }
            }
            // The map's mean is the served class's calibrated score less the biases: the evidence for it.
            float[] b = net.getOutputLayer().getParam("b").castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                    .dup().data().asFloat();
            for (int i = 0; i < 6; i++) {
                int c = top[i];
                double biases = calibration.bias()[c];
                for (int j = 0; j < 4; j++) {
                    biases += calibration.weights()[c][j] * b[j];
                }
                double mean = java.util.Arrays.stream(toDoubles(maps[i])).average().orElseThrow();
                assertThat(mean + biases).isCloseTo(calibration.logits(logits[i])[c],
                        org.assertj.core.api.Assertions.within(1e-4));
            }
        }
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Test
    void refusesALayerItCannotTranslate() {
        MultiLayerNetwork net = LayerParity.network(1, 6, new SubsamplingLayer.Builder(PoolingType.PNORM).pnorm(2)
                .kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Truncate).build());
        assertThatThrownBy(() -> LayerParity.maxDifference(net, 1, 1, 6))
                .hasMessageContaining("layer 0").hasMessageContaining("PNORM");
    }
}
