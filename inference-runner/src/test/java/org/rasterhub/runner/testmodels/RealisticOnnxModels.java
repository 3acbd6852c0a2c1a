package org.rasterhub.runner.testmodels;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * ONNX models whose cost per tile is that of a real network, written in code (nothing downloaded),
 * for benchmarks where a nearly free test model would make everything else look expensive.
 *
 * <p>{@link #segmentationNet}: a small fully-convolutional segmentation net, input float32
 * {@code [N, bands, H, W]} (batch, height and width dynamic; 8-bit pixel values) → (x − 127.5) / 64 →
 * Conv 3×3 (bands → width, pad 1) → Relu
 * → Conv 3×3 (width → width, pad 1) → Relu → Conv 3×3 (width → width, pad 1) → Relu → Conv 1×1
 * (width → classes) → output {@value #OUTPUT}, float32 {@code [N, classes, H, W]}: per-pixel class
 * scores, ArgMax left to the caller. With the default width of 128 it takes ~299,000 multiply-adds
 * per pixel, 19.6 G per 256² tile: ~100 ms a tile through ONNX Runtime on the project's 2-core
 * machine, in the range of real segmentation networks on a CPU (width 64 takes ~27 ms, width 32
 * ~20 ms there: narrow convolutions are bound by memory, not arithmetic).
 * Weights are He-scaled Gaussians from a fixed seed, so the same arguments give the same bytes and
 * the same answers.
 */
public final class RealisticOnnxModels {
    public static final String INPUT = "image";
    public static final String OUTPUT = "scores";
    /** Default feature width (channels of the hidden convolutions). */
    public static final int WIDTH = 128;
    /** Default number of classes. */
    public static final int CLASSES = 6;
    /** Default weight seed. */
    public static final long SEED = 20261125L;

    // ModelProto, OperatorSetIdProto, GraphProto, NodeProto (onnx/onnx.proto field numbers)
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto
    private static final int ATTR_NAME = 1;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_TYPE_INTS = 7;
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int FLOAT = 1;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, Dimension
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private RealisticOnnxModels() {
    }

    /** {@link #segmentationNet(int, int, int, long)} with width 128, 6 classes and the default seed. */
    public static byte[] segmentationNet(int bands) {
        return segmentationNet(bands, WIDTH, CLASSES, SEED);
    }

    /**
     * The segmentation net described in the class comment.
     *
     * @param bands input channels
     * @param width channels of the three hidden 3×3 convolutions
     * @param classes output channels (class scores)
     * @param seed seed of the weights
     */
    public static byte[] segmentationNet(int bands, int width, int classes, long seed) {
        if (bands < 1 || width < 1 || classes < 1) {
            throw new IllegalArgumentException("bands, width and classes must be at least 1, were "
                + bands + ", " + width + ", " + classes);
        }
        Random random = new Random(seed);
        Graph g = new Graph("realistic_segmentation_" + width + "x3_" + classes);
        // Input normalisation baked in, as exported networks often have: (x - 127.5) / 64 for 8-bit
        // pixels, so features and the winning class vary with the pixels instead of one class
        // winning everywhere.
        g.floats("input_mean", new float[] {127.5f});
        g.floats("input_scale", new float[] {1f / 64});
        g.node("Sub", List.of(INPUT, "input_mean"), List.of("centred"), n -> { });
        g.node("Mul", List.of("centred", "input_scale"), List.of("normalised"), n -> { });
        String x = "normalised";
        int in = bands;
        for (int layer = 1; layer <= 3; layer++) {
            String w = "conv" + layer + "_w";
            String b = "conv" + layer + "_b";
            g.floats(w, heNormal(random, width * in * 9, in * 9), width, in, 3, 3);
            g.floats(b, small(random, width), width);
            g.node("Conv", List.of(x, w, b), List.of("conv" + layer), n -> n
                .ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1));
            g.node("Relu", List.of("conv" + layer), List.of("relu" + layer), n -> { });
            x = "relu" + layer;
            in = width;
        }
        // Each class's head weights sum to zero: the Relu features are all positive, and a head
        // without this answers their common mean with the same class almost everywhere.
        float[] head = heNormal(random, classes * width, width);
        for (int c = 0; c < classes; c++) {
            double sum = 0;
            for (int i = 0; i < width; i++) {
                sum += head[c * width + i];
            }
            for (int i = 0; i < width; i++) {
                head[c * width + i] -= (float) (sum / width);
            }
        }
        g.floats("head_w", head, classes, width, 1, 1);
        g.floats("head_b", small(random, classes), classes);
        g.node("Conv", List.of(x, "head_w", "head_b"), List.of(OUTPUT), n -> n.ints("kernel_shape", 1, 1));
        g.input(INPUT, FLOAT, "batch", (long) bands, "height", "width");
        g.output(OUTPUT, FLOAT, "batch", (long) classes, "height", "width");
        return g.model();
    }

    /** Multiply-adds per pixel of {@link #segmentationNet(int, int, int, long)}. */
    public static long multiplyAddsPerPixel(int bands, int width, int classes) {
        return 9L * bands * width + 2 * 9L * width * width + (long) width * classes;
    }

    private static float[] heNormal(Random random, int count, int fanIn) {
        double scale = Math.sqrt(2.0 / fanIn);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    private static float[] small(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * 0.01);
        }
        return values;
    }

    /** Collects nodes, initialisers, inputs and outputs of one graph (as in TinyDetectionModels). */
    private static final class Graph {
        private final String name;
        private final List<Consumer<ProtoWriter>> parts = new ArrayList<>();
        private int nodes;

        Graph(String name) {
            this.name = name;
        }

        void node(String op, List<String> inputs, List<String> outputs, Consumer<Attributes> attributes) {
            String nodeName = op.toLowerCase() + "_" + nodes++;
            parts.add(graph -> graph.message(GRAPH_NODE, node -> {
                inputs.forEach(i -> node.string(NODE_INPUT, i));
                outputs.forEach(o -> node.string(NODE_OUTPUT, o));
                node.string(NODE_NAME, nodeName).string(NODE_OP_TYPE, op);
                attributes.accept(new Attributes(node));
            }));
        }

        void floats(String tensorName, float[] values, long... dims) {
            byte[] raw = ProtoWriter.littleEndian(values);
            parts.add(graph -> graph.message(GRAPH_INITIALIZER, t -> t
                .packedInt64(TENSOR_DIMS, dims)
                .int64(TENSOR_DATA_TYPE, FLOAT).string(TENSOR_NAME, tensorName)
                .bytes(TENSOR_RAW_DATA, raw)));
        }

        void input(String valueName, int type, Object... dims) {
            parts.add(graph -> graph.message(GRAPH_INPUT, v -> value(v, valueName, type, dims)));
        }

        void output(String valueName, int type, Object... dims) {
            parts.add(graph -> graph.message(GRAPH_OUTPUT, v -> value(v, valueName, type, dims)));
        }

        byte[] model() {
            return ProtoWriter.message(model -> model
                .int64(MODEL_IR_VERSION, TinyOnnxModels.IR_VERSION)
                .string(MODEL_PRODUCER_NAME, "rasterhub-tests")
                .message(MODEL_OPSET_IMPORT, opset -> opset.int64(OPSET_VERSION, TinyOnnxModels.OPSET))
                .message(MODEL_GRAPH, graph -> {
                    graph.string(GRAPH_NAME, name);
                    parts.forEach(p -> p.accept(graph));
                }));
        }

        // A dimension is a Long (fixed size) or a String (named, any size at run time).
        private static void value(ProtoWriter value, String valueName, int elemType, Object... dims) {
            value.string(VALUE_NAME, valueName)
                .message(VALUE_TYPE, type -> type
                    .message(TYPE_TENSOR, tensor -> tensor
                        .int64(TENSOR_TYPE_ELEM_TYPE, elemType)
                        .message(TENSOR_TYPE_SHAPE, shape -> {
                            for (Object dim : dims) {
                                shape.message(SHAPE_DIM, d -> {
                                    if (dim instanceof Long size) {
                                        d.int64(DIM_VALUE, size);
                                    } else {
                                        d.string(DIM_PARAM, (String) dim);
                                    }
                                });
                            }
                        })));
        }
    }

    /** Node attributes: integer lists are all this model needs. */
    private static final class Attributes {
        private final ProtoWriter node;

        Attributes(ProtoWriter node) {
            this.node = node;
        }

        Attributes ints(String attrName, long... values) {
            node.message(NODE_ATTRIBUTE, a -> a.string(ATTR_NAME, attrName)
                .int64(ATTR_TYPE, ATTR_TYPE_INTS).packedInt64(ATTR_INTS, values));
            return this;
        }
    }
}
