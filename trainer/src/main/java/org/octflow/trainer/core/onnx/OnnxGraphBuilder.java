package org.octflow.trainer.core.onnx;

import onnx.Onnx;
import org.nd4j.shade.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds an ONNX graph one operator at a time, each call consuming the previous output. Engine-neutral: it sees
 * {@link Tensor}s, never DL4J types. IR 7 + opset 13, the newest pair nd4j's bundled proto and ORT 1.29 both accept.
 */
public final class OnnxGraphBuilder {
    public static final long IR_VERSION = 7;
    public static final long OPSET = 13;

    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
    private final java.util.List<Onnx.ValueInfoProto> sideOutputs = new java.util.ArrayList<>();
    private String current;
    private int counter;

    /** Starts a graph whose float input has {@code shape}; -1 marks the dynamic batch dimension. */
    public OnnxGraphBuilder(String graphName, String inputName, long[] shape) {
        graph.setName(graphName);
        graph.addInput(valueInfo(inputName, shape));
        current = inputName;
    }

    public String current() {
        return current;
    }

    /** @param pads ONNX order: top, left, bottom, right */
    public OnnxGraphBuilder conv(Tensor weight, Tensor bias, long[] kernel, long[] strides, long[] pads, long[] dilations) {
        String w = initializer("W", weight);
        Onnx.NodeProto.Builder node = node("Conv").addInput(current).addInput(w);
        if (bias != null) {
            node.addInput(initializer("B", bias));
        }
        node.addAttribute(ints("kernel_shape", kernel)).addAttribute(ints("strides", strides))
                .addAttribute(ints("pads", pads)).addAttribute(ints("dilations", dilations));
        return emit(node);
    }

    public OnnxGraphBuilder batchNorm(Tensor gamma, Tensor beta, Tensor mean, Tensor var, double epsilon) {
        Onnx.NodeProto.Builder node = node("BatchNormalization").addInput(current)
                .addInput(initializer("scale", gamma)).addInput(initializer("bias", beta))
                .addInput(initializer("mean", mean)).addInput(initializer("var", var))
                .addAttribute(floatAttr("epsilon", (float) epsilon));
        return emit(node);
    }

    public OnnxGraphBuilder maxPool(long[] kernel, long[] strides, long[] pads) {
        return emit(node("MaxPool").addInput(current).addAttribute(ints("kernel_shape", kernel))
                .addAttribute(ints("strides", strides)).addAttribute(ints("pads", pads)));
    }

    /** count_include_pad=0: DL4J divides by the real window, ignoring padding. */
    public OnnxGraphBuilder averagePool(long[] kernel, long[] strides, long[] pads) {
        return emit(node("AveragePool").addInput(current).addAttribute(ints("kernel_shape", kernel))
                .addAttribute(ints("strides", strides)).addAttribute(ints("pads", pads))
                .addAttribute(intAttr("count_include_pad", 0)));
    }

    /** [N, C, H, W] to [N, C, 1, 1]: the mean of every channel's map. */
    public OnnxGraphBuilder globalAveragePool() {
        return emit(node("GlobalAveragePool").addInput(current));
    }

    public OnnxGraphBuilder flatten() {
        return emit(node("Flatten").addInput(current).addAttribute(intAttr("axis", 1)));
    }

    /** y = x W + b with W as [nIn, nOut], DL4J's layout, so no transpose. */
    public OnnxGraphBuilder gemm(Tensor weight, Tensor bias) {
        Onnx.NodeProto.Builder node = node("Gemm").addInput(current).addInput(initializer("W", weight));
        if (bias != null) {
            node.addInput(initializer("B", bias));
        }
        return emit(node);
    }

    /** An element-wise activation without parameters: Relu, Sigmoid, Tanh, Softmax (axis 1) ... */
    public OnnxGraphBuilder activation(String opType) {
        Onnx.NodeProto.Builder node = node(opType).addInput(current);
        if (opType.equals("Softmax")) {
            node.addAttribute(intAttr("axis", 1));
        }
        return emit(node);
    }

    public OnnxGraphBuilder leakyRelu(double alpha) {
        return emit(node("LeakyRelu").addInput(current).addAttribute(floatAttr("alpha", (float) alpha)));
    }

    public OnnxGraphBuilder elu(double alpha) {
        return emit(node("Elu").addInput(current).addAttribute(floatAttr("alpha", (float) alpha)));
    }

    /**
     * A second output beside the main path: the class activation map of the class {@code scores} ranks first, from
     * the maps [N, K, H, W] a global-average-pooling head averaged and that head's weights [K, C] (so the mean of the
     * map over its H x W cells is the class's score, less its bias). Per scan: sum over k of w[k, c] * maps[k]; the
     * chosen class's column is picked by a one-hot product, so the whole map is a few matrix ops, not a model run.
     * The main path continues unchanged.
     */
    public OnnxGraphBuilder classActivationMap(String maps, Tensor weights, String scores, long height, long width,
                                               String outputName) {
        long channels = weights.shape()[0];
        long classes = weights.shape()[1];
        String flat = side(node("Reshape").addInput(maps)
                .addInput(int64("shape", new long[]{0, channels, height * width})));
        String cells = side(node("Transpose").addInput(flat).addAttribute(ints("perm", new long[]{0, 2, 1})));
        String perClass = side(node("MatMul").addInput(cells).addInput(initializer("W", weights)));
        String top = side(node("ArgMax").addInput(scores).addAttribute(intAttr("axis", 1))
                .addAttribute(intAttr("keepdims", 0)));
        String oneHot = side(node("OneHot").addInput(top).addInput(int64("depth", new long[]{classes}))
                .addInput(initializer("values", Tensor.vector(new float[]{0, 1}))).addAttribute(intAttr("axis", -1)));
        String row = side(node("Unsqueeze").addInput(oneHot).addInput(int64("axes", new long[]{1})));
        String picked = side(node("Mul").addInput(perClass).addInput(row));
        String summed = side(node("ReduceSum").addInput(picked).addInput(int64("axes", new long[]{2}))
                .addAttribute(intAttr("keepdims", 0)));
        String map = side(node("Reshape").addInput(summed).addInput(int64("shape", new long[]{0, height, width})));
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("Identity").setName(outputName + "_output")
                .addInput(map).addOutput(outputName));
        // Declared after the main output in build(): readers that take the first output get the probabilities.
        sideOutputs.add(valueInfo(outputName, new long[]{-1, height, width}));
        return this;
    }

    /** Ends the graph: an Identity renames the last value to the contract's output name. */
    public Onnx.ModelProto build(String outputName, long[] outputShape, String producer) {
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("Identity").setName("output")
                .addInput(current).addOutput(outputName));
        graph.addOutput(valueInfo(outputName, outputShape));
        sideOutputs.forEach(graph::addOutput);
        return Onnx.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName(producer)
                .setGraph(graph)
                .build();
    }

    private Onnx.NodeProto.Builder node(String opType) {
        counter++;
        return Onnx.NodeProto.newBuilder().setOpType(opType).setName(opType.toLowerCase() + "_" + counter);
    }

    private OnnxGraphBuilder emit(Onnx.NodeProto.Builder node) {
        String out = node.getName() + "_out";
        graph.addNode(node.addOutput(out));
        current = out;
        return this;
    }

    /** A node off the main path: its output name, {@link #current()} unchanged. */
    private String side(Onnx.NodeProto.Builder node) {
        String out = node.getName() + "_out";
        graph.addNode(node.addOutput(out));
        return out;
    }

    private String int64(String role, long[] values) {
        String name = "n" + counter + "_" + role;
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.INT64.getNumber())
                .setRawData(ByteString.copyFrom(bytes.array())).addDims(values.length));
        return name;
    }

    private String initializer(String role, Tensor tensor) {
        String name = "n" + counter + "_" + role;
        ByteBuffer bytes = ByteBuffer.allocate(tensor.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(tensor.data());
        Onnx.TensorProto.Builder proto = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : tensor.shape()) {
            proto.addDims(d);
        }
        graph.addInitializer(proto);
        return name;
    }

    private static Onnx.ValueInfoProto valueInfo(String name, long[] shape) {
        Onnx.TensorShapeProto.Builder dims = Onnx.TensorShapeProto.newBuilder();
        for (long d : shape) {
            dims.addDim(d < 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT.getNumber()).setShape(dims)))
                .build();
    }

    private static Onnx.AttributeProto ints(String name, long[] values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
                .setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static Onnx.AttributeProto intAttr(String name, long value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    private static Onnx.AttributeProto floatAttr(String name, float value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT)
                .setF(value).build();
    }

}
