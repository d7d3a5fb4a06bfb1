package org.octflow.trainer.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.dl4j.accel.LayerHelpers;
import org.octflow.trainer.dl4j.accel.OneDnnBackend;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast layers (oneDNN convolution and pooling, row-view batch norm) compute what DL4J's own layer code computes. */
class FastLayersTest {
    private static final ArchitectureConfig ARCHITECTURE = ArchitectureConfig.parse("8,8p,16p", 32, 0, true);

    @Test
    void theTestJvmRunsTheOneDnnBuildOfLibnd4j() {
        assertThat(OneDnnBackend.active()).as(LayerHelpers.description()).isTrue();
    }

    @Test
    void forwardPassMatchesBuiltInLayersInTrainingAndInference() {
        MultiLayerNetwork fast = network(true);
        MultiLayerNetwork reference = network(false);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28).muli(3).subi(1);

        assertThat(maxDiff(fast.output(x, true), reference.output(x, true))).isLessThan(1e-5);
        assertThat(maxDiff(fast.output(x, false), reference.output(x, false))).isLessThan(1e-5);
    }

    @Test
    void gradientsAndRunningStatisticsMatchBuiltInLayers() {
        MultiLayerNetwork fast = network(true);
        MultiLayerNetwork reference = network(false);
        DataSet batch = batch(16, 11);

        fast.setInput(batch.getFeatures());
        fast.setLabels(batch.getLabels());
        fast.computeGradientAndScore();
        reference.setInput(batch.getFeatures());
        reference.setLabels(batch.getLabels());
        reference.computeGradientAndScore();
        assertThat(fast.score()).isCloseTo(reference.score(), org.assertj.core.data.Offset.offset(1e-5));
        INDArray g = fast.gradient().gradient();
        INDArray gRef = reference.gradient().gradient();
        assertThat(maxDiff(g, gRef)).isLessThan(1e-4 * Math.max(1, gRef.amaxNumber().doubleValue()));

        for (int step = 0; step < 5; step++) {
            DataSet b = batch(16, 20 + step);
            fast.fit(b);
            reference.fit(b);
        }
        // params() also holds each batch norm's running mean and log10 std, updated in fit.
        assertThat(maxDiff(fast.params(), reference.params())).isLessThan(1e-4);
    }

    private static MultiLayerNetwork network(boolean fastLayers) {
        return new NetworkFactory(fastLayers).build(ARCHITECTURE, 28, 4, new float[]{1f, 2f, 1f, 0.5f}, 1e-3, 1e-4, 9);
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

    private static double maxDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
