package org.octflow.trainer.dl4j.accel;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.buffer.DataType;

import java.lang.reflect.Field;

/**
 * Gives DL4J's layers fast implementations ("helpers"). DL4J 1.0.0-M2.1 never enables its own oneDNN helpers: they
 * are off unless {@code org.eclipse.deeplearning4j.helpers.disable=false}, and even then their check looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN}, which moved in that release, so it always fails. Without
 * them a convolution runs through im2col, which took ~60 % of training time here. The layers keep their helper in a
 * non-public field, hence reflection.
 */
public final class LayerHelpers {
    private LayerHelpers() {
    }

    /** Installs the helpers into every layer they fit; a layer without one keeps DL4J's built-in code. */
    public static void install(MultiLayerNetwork net) {
        boolean oneDnn = OneDnnBackend.active();
        DataType type = net.getLayerWiseConfigurations().getDataType();
        for (Layer layer : net.getLayers()) {
            if (oneDnn && layer instanceof ConvolutionLayer conv && conv.getClass() == ConvolutionLayer.class) {
                set(ConvolutionLayer.class, layer, new MKLDNNConvHelper(type));
            } else if (oneDnn && layer instanceof SubsamplingLayer pool && pool.getClass() == SubsamplingLayer.class) {
                set(SubsamplingLayer.class, layer, new MKLDNNSubsamplingHelper(type));
            } else if (layer instanceof BatchNormalization bn && nchw(bn)) {
                set(BatchNormalization.class, layer, new FusedBatchNormHelper());
            }
        }
    }

    /** What {@link #install} gives on this machine, for logs and benchmark headers. */
    public static String description() {
        return (OneDnnBackend.active() ? "oneDNN convolution and pooling" : "built-in convolution (oneDNN build not loaded)")
                + ", fused batch norm";
    }

    private static boolean nchw(BatchNormalization bn) {
        return bn.layerConf().getCnn2DFormat() == CNN2DFormat.NCHW && !bn.layerConf().isLockGammaBeta();
    }

    private static void set(Class<?> owner, Layer layer, LayerHelper helper) {
        try {
            Field field = owner.getDeclaredField("helper");
            field.setAccessible(true);
            field.set(layer, helper);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot install " + helper.getClass().getSimpleName() + " into "
                    + owner.getSimpleName() + ": this DL4J version differs from 1.0.0-M2.1", e);
        }
    }
}
