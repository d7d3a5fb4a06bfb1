package org.octflow.trainer.dl4j.accel;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.assertj.core.api.Assertions.assertThat;

/** The fused batch norm against the textbook formulas, computed here with plain per-axis ND4J reductions. */
class FusedBatchNormHelperTest {
    private static final double EPS = 1e-5;
    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    @ParameterizedTest
    @CsvSource({"16,16,28", "8,64,7", "3,1,5"})
    void trainingForwardNormalisesEachChannelWithBatchStatistics(int n, int c, int side) {
        Case t = new Case(n, c, side);
        FusedBatchNormHelper helper = new FusedBatchNormHelper();

        INDArray y = helper.preOutput(t.x, true, t.x.shape(), t.gamma, t.beta, null, null, 0.9, EPS, CNN2DFormat.NCHW, NO_WORKSPACES);

        assertThat(relativeError(y, t.xHat.mul(t.gamma.reshape(1, c, 1, 1)).add(t.beta.reshape(1, c, 1, 1)))).isLessThan(1e-5);
        assertThat(relativeError(helper.getMeanCache(DataType.FLOAT), t.mean)).isLessThan(1e-5);
        assertThat(relativeError(helper.getVarCache(DataType.FLOAT), t.var)).isLessThan(1e-5);
    }

    @ParameterizedTest
    @CsvSource({"16,16,28", "8,64,7", "3,1,5"})
    void inferenceForwardUsesTheGivenRunningStatistics(int n, int c, int side) {
        Case t = new Case(n, c, side);
        INDArray runningMean = Nd4j.rand(DataType.FLOAT, 1, c);
        INDArray runningVar = Nd4j.rand(DataType.FLOAT, 1, c).addi(0.5);

        INDArray y = new FusedBatchNormHelper().preOutput(t.x, false, t.x.shape(), t.gamma, t.beta, runningMean, runningVar,
                0.9, EPS, CNN2DFormat.NCHW, NO_WORKSPACES);

        INDArray expected = t.x.sub(runningMean.reshape(1, c, 1, 1))
                .div(Transforms.sqrt(runningVar.add(EPS)).reshape(1, c, 1, 1))
                .mul(t.gamma.reshape(1, c, 1, 1)).add(t.beta.reshape(1, c, 1, 1));
        assertThat(relativeError(y, expected)).isLessThan(1e-5);
    }

    @ParameterizedTest
    @CsvSource({"16,16,28", "8,64,7", "3,1,5"})
    void backwardGivesTheInputGammaAndBetaGradients(int n, int c, int side) {
        Case t = new Case(n, c, side);
        INDArray dy = Nd4j.rand(DataType.FLOAT, n, c, side, side).subi(0.5);
        FusedBatchNormHelper helper = new FusedBatchNormHelper();
        helper.preOutput(t.x, true, t.x.shape(), t.gamma, t.beta, null, null, 0.9, EPS, CNN2DFormat.NCHW, NO_WORKSPACES);
        INDArray dGamma = Nd4j.create(DataType.FLOAT, 1, c);
        INDArray dBeta = Nd4j.create(DataType.FLOAT, 1, c);

        INDArray dx = helper.backpropGradient(t.x, dy, t.x.shape(), t.gamma, t.beta, dGamma, dBeta, EPS,
                CNN2DFormat.NCHW, NO_WORKSPACES).getSecond();

        double m = (double) n * side * side;
        INDArray expectedDBeta = dy.sum(0, 2, 3);
        INDArray expectedDGamma = dy.mul(t.xHat).sum(0, 2, 3);
        // dx = gamma / std / M * (M * dy - dBeta - xHat * dGamma)
        INDArray expectedDx = dy.mul(m).sub(expectedDBeta.reshape(1, c, 1, 1))
                .sub(t.xHat.mul(expectedDGamma.reshape(1, c, 1, 1)))
                .mul(t.gamma.reshape(1, c, 1, 1)).div(t.std.reshape(1, c, 1, 1)).div(m);
        assertThat(relativeError(dBeta.reshape(c), expectedDBeta)).isLessThan(1e-4);
        assertThat(relativeError(dGamma.reshape(c), expectedDGamma)).isLessThan(1e-4);
        assertThat(relativeError(dx, expectedDx)).isLessThan(1e-4);
    }

    @org.junit.jupiter.api.Test
    void aBatchThatIsAViewIntoALargerArrayIsReadWhereItStarts() {
        Case t = new Case(6, 4, 5);
        // The same batch as examples 2..7 of a larger array: a view with an offset into the larger one's memory.
        INDArray larger = Nd4j.rand(DataType.FLOAT, 10, 4, 5, 5);
        larger.get(NDArrayIndex.interval(2, 8), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).assign(t.x);
        INDArray view = larger.get(NDArrayIndex.interval(2, 8), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        assertThat(view.offset()).isPositive();

        INDArray y = new FusedBatchNormHelper().preOutput(view, true, view.shape(), t.gamma, t.beta, null, null, 0.9,
                EPS, CNN2DFormat.NCHW, NO_WORKSPACES);

        assertThat(relativeError(y, t.xHat.mul(t.gamma.reshape(1, 4, 1, 1)).add(t.beta.reshape(1, 4, 1, 1)))).isLessThan(1e-5);
    }

    @org.junit.jupiter.api.Test
    void theVarianceOfValuesFarFromZeroKeepsItsPrecision() {
        // Channel values around 1,000 with a spread of ~0.3: a plain sum of squares in float would lose the variance.
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 2, 4, 4).addi(1000);
        float[] mean = new float[2];
        float[] var = new float[2];

        new BatchNormKernels(8, 2, 16).statistics(x.data().asNioFloat(), 0, mean, var);

        assertThat(relativeError(Nd4j.createFromArray(var), x.castTo(DataType.DOUBLE).var(false, 0, 2, 3).castTo(DataType.FLOAT)))
                .isLessThan(1e-3);
    }

    /** A batch with non-zero channel means, so that centring matters. */
    private static final class Case {
        final INDArray x;
        final INDArray gamma;
        final INDArray beta;
        final INDArray mean;
        final INDArray var;
        final INDArray std;
        final INDArray xHat;

        Case(int n, int c, int side) {
            Nd4j.getRandom().setSeed(n * 1000L + c);
            x = Nd4j.rand(DataType.FLOAT, n, c, side, side).muli(2).addi(Nd4j.rand(DataType.FLOAT, 1, c, 1, 1).muli(3));
            gamma = Nd4j.rand(DataType.FLOAT, 1, c).addi(0.5);
            beta = Nd4j.rand(DataType.FLOAT, 1, c).subi(0.5);
            mean = x.mean(0, 2, 3);
            var = x.var(false, 0, 2, 3);
            std = Transforms.sqrt(var.add(EPS));
            xHat = x.sub(mean.reshape(1, c, 1, 1)).div(std.reshape(1, c, 1, 1));
        }
    }

    private static double relativeError(INDArray actual, INDArray expected) {
        INDArray a = actual.reshape(expected.shape());
        return a.sub(expected).norm2Number().doubleValue() / Math.max(1e-12, expected.norm2Number().doubleValue());
    }
}
