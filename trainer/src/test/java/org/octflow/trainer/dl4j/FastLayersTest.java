package org.octflow.trainer.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.dl4j.accel.LayerHelpers;
import org.octflow.trainer.dl4j.accel.OneDnnBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

/** The fast layers (oneDNN convolution and pooling, fused batch norm) compute what DL4J's own layer code computes. */
class FastLayersTest {

    @Test
    void theTestJvmRunsTheOneDnnBuildOfLibnd4j() {
        assertThat(OneDnnBackend.active()).as(LayerHelpers.description()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8,8p,16p", "16,16p,32,32p,64p", "32,32p,64,64p,128p"})
    void forwardPassMatchesBuiltInLayersInTrainingAndInference(String conv) {
        MultiLayerNetwork fast = network(conv, true);
        MultiLayerNetwork reference = network(conv, false);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28).muli(3).subi(1);

        assertThat(maxDiff(fast.output(x, true), reference.output(x, true))).isLessThan(1e-5);
        assertThat(maxDiff(fast.output(x, false), reference.output(x, false))).isLessThan(1e-5);
    }

    /**
     * Compared as relative L2 errors: float sums in another order move activations by ~1e-6, and one that sits that
     * close to zero flips its ReLU, which changes single gradient entries visibly but the whole gradient hardly.
     */
    @ParameterizedTest
    @ValueSource(strings = {"8,8p,16p", "16,16p,32,32p,64p", "32,32p,64,64p,128p"})
    void gradientsAndTrainingMatchBuiltInLayers(String conv) {
        MultiLayerNetwork fast = network(conv, true);
        MultiLayerNetwork reference = network(conv, false);
        DataSet batch = batch(16, 11);

        fast.setInput(batch.getFeatures());
        fast.setLabels(batch.getLabels());
        fast.computeGradientAndScore();
        reference.setInput(batch.getFeatures());
        reference.setLabels(batch.getLabels());
        reference.computeGradientAndScore();
        assertThat(fast.score()).isCloseTo(reference.score(), offset(1e-5));
        assertThat(relativeError(fast.gradient().gradient(), reference.gradient().gradient())).isLessThan(1e-2);

        for (int step = 0; step < 5; step++) {
            DataSet b = batch(16, 20 + step);
            fast.fit(b);
            reference.fit(b);
        }
        // params() also holds each batch norm's running mean and log10 std, updated in fit.
        assertThat(relativeError(fast.params(), reference.params())).isLessThan(1e-2);
        DataSet held = batch(32, 99);
        assertThat(fast.score(held)).isCloseTo(reference.score(held), withinPercentage(2));
    }

    private static MultiLayerNetwork network(String conv, boolean fastLayers) {
        return new NetworkFactory(fastLayers).build(ArchitectureConfig.parse(conv, 32, 0, true), 28, 4, new float[]{1f, 2f, 1f, 0.5f}, 1e-3, 1e-4, 9);
    }

    private static DataSet batch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 4);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 4, 1);
        }
        return new DataSet(x, y);
    }

    private static double relativeError(INDArray actual, INDArray expected) {
        return actual.sub(expected).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
    }

    private static double maxDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
