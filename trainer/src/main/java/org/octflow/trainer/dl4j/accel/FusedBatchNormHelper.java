package org.octflow.trainer.dl4j.accel;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.Map;

/**
 * Batch normalisation of NCHW float activations with {@link BatchNormKernels}: each channel's statistics, output and
 * gradients in a few fused sweeps over its contiguous H*W rows, channels in parallel. DL4J's layer and its oneDNN
 * helper reduce over axes (0,2,3) with slow strided reductions (~40 % of training time here); a first version on the
 * [N*C, H*W] row view with libnd4j ops still took ~28 %, and more with two OpenMP threads.
 * Same maths as DL4J's layer: biased batch variance, and the layer still keeps the running mean and variance.
 */
final class FusedBatchNormHelper implements BatchNormalizationHelper {
    private INDArray batchMean;
    private INDArray batchVar;

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!supported(x, format)) {
            return null;
        }
        x = contiguous(x);
        int c = (int) x.size(1);
        BatchNormKernels kernels = kernels(x);
        float[] m;
        float[] v;
        if (training) {
            m = new float[c];
            v = new float[c];
            kernels.statistics(buffer(x), at(x), m, v);
            cache(m, v);
        } else {
            m = values(mean);
            v = values(var);
        }
        // y = (x - mean) * scale + beta = x * scale + (beta - mean * scale), scale = gamma / sqrt(var + eps)
        float[] g = values(gamma);
        float[] b = values(beta);
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int ch = 0; ch < c; ch++) {
            scale[ch] = (float) (g[ch] / Math.sqrt(v[ch] + eps));
            shift[ch] = b[ch] - m[ch] * scale[ch];
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
        kernels.affine(buffer(x), at(x), scale, shift, buffer(out), at(out));
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!supported(input, format) || batchMean == null || gamma == null) {
            return null;
        }
        input = contiguous(input);
        epsilon = contiguous(epsilon);
        int c = (int) input.size(1);
        float[] m = values(batchMean);
        float[] v = values(batchVar);
        float[] invStd = new float[c];
        for (int ch = 0; ch < c; ch++) {
            invStd[ch] = (float) (1 / Math.sqrt(v[ch] + eps));
        }
        float[] dGamma = new float[c];
        float[] dBeta = new float[c];
        INDArray grad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        kernels(input).backward(buffer(input), at(input), buffer(epsilon), at(epsilon), m, invStd, values(gamma),
                dGamma, dBeta, buffer(grad), at(grad));
        dGammaView.assign(Nd4j.createFromArray(dGamma).reshape(dGammaView.shape()));
        dBetaView.assign(Nd4j.createFromArray(dBeta).reshape(dBetaView.shape()));
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(g, grad);
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return batchMean;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return batchVar;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Collections.emptyMap();
    }

    private static boolean supported(INDArray x, CNN2DFormat format) {
        return x.rank() == 4 && format == CNN2DFormat.NCHW && x.dataType() == DataType.FLOAT;
    }

    /** The kernels read the array as one c-ordered run of values: a view with other strides is copied first. */
    private static INDArray contiguous(INDArray x) {
        return x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) ? x : x.dup('c');
    }

    private static BatchNormKernels kernels(INDArray nchw) {
        return new BatchNormKernels((int) nchw.size(0), (int) nchw.size(1), (int) (nchw.size(2) * nchw.size(3)));
    }

    /** The array's memory (shared with its buffer's other views), read and written in place. */
    private static FloatBuffer buffer(INDArray x) {
        return x.data().asNioFloat();
    }

    /** Where the array's first value sits in {@link #buffer}. */
    private static int at(INDArray x) {
        return Math.toIntExact(x.offset());
    }

    /** A per-channel vector ([C] or [1, C]) as floats. */
    private static float[] values(INDArray perChannel) {
        return perChannel.dup().data().asFloat();
    }

    /** The batch statistics outlive the forward pass's workspace: the layer reads them after backprop. */
    private void cache(float[] mean, float[] var) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            batchMean = Nd4j.createFromArray(mean);
            batchVar = Nd4j.createFromArray(var);
        }
    }
}
