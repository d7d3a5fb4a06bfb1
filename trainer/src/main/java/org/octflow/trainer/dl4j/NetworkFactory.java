package org.octflow.trainer.dl4j;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.dl4j.accel.InPlaceRelu;
import org.octflow.trainer.dl4j.accel.LayerHelpers;

/** Builds the DL4J network an {@link ArchitectureConfig} describes. */
public final class NetworkFactory {
    private final boolean fastLayers;

    /** Networks whose convolution, pooling and batch norm run on {@link LayerHelpers}' fast implementations. */
    public NetworkFactory() {
        this(true);
    }

    /** @param fastLayers false: DL4J's built-in layer code only (the reference the fast layers are tested against) */
    public NetworkFactory(boolean fastLayers) {
        this.fastLayers = fastLayers;
    }

    /**
     * @param classWeights loss weight per class, or null for an unweighted cross-entropy
     */
    public MultiLayerNetwork build(ArchitectureConfig architecture, int side, int classCount, float[] classWeights,
                                   double learningRate, double weightDecay, long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.RELU)
                .l2(weightDecay)
                .convolutionMode(ConvolutionMode.Same)
                // Keeps each convolution's forward result (and, on the built-in path, its im2col buffer) for backprop
                // instead of recomputing it in the backward pass.
                .cacheMode(CacheMode.DEVICE)
                .list();
        for (ArchitectureConfig.ConvBlock block : architecture.blocks()) {
            // With batch norm after it, a conv bias would be cancelled by the norm's mean: leave it out.
            list.layer(new ConvolutionLayer.Builder(3, 3).stride(1, 1).nOut(block.channels())
                    .hasBias(!architecture.batchNorm())
                    .activation(architecture.batchNorm() ? new ActivationIdentity() : relu()).build());
            if (architecture.batchNorm()) {
                list.layer(new BatchNormalization.Builder().build());
                // ReLU and max pooling commute, so where a pool follows, the ReLU runs after it, on a quarter of the
                // values: same function, less work.
                if (block.pool()) {
                    list.layer(maxPool());
                }
                list.layer(new ActivationLayer.Builder().activation(relu()).build());
            } else if (block.pool()) {
                list.layer(maxPool());
            }
        }
        if (architecture.head() == ArchitectureConfig.Head.GLOBAL_AVERAGE) {
            list.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
        } else {
            list.layer(new DenseLayer.Builder().nOut(architecture.denseUnits()).activation(relu()).build());
        }
        if (architecture.dropout() > 0) {
            // DL4J's argument is the probability of keeping an activation.
            list.layer(new DropoutLayer.Builder(1 - architecture.dropout()).build());
        }
        LossMCXENT loss = classWeights == null ? new LossMCXENT() : new LossMCXENT(Nd4j.create(classWeights));
        list.layer(new OutputLayer.Builder(loss).nOut(classCount).activation(Activation.SOFTMAX).build());
        list.setInputType(InputType.convolutional(side, side, 1));
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        if (fastLayers) {
            LayerHelpers.install(net);
        }
        return net;
    }

    private IActivation relu() {
        return fastLayers ? new InPlaceRelu() : new ActivationReLU();
    }

    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                .convolutionMode(ConvolutionMode.Truncate).build();
    }
}
