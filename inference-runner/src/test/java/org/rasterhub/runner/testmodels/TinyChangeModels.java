package org.rasterhub.runner.testmodels;

import java.util.function.Consumer;

/**
 * Tiny ONNX models for Detect Change and processing-window tests, written as protobuf bytes like
 * {@link TinyOnnxModels} (same IR version, opset, input and output names).
 */
public final class TinyChangeModels {
    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_VERSION = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto and its AttributeType values
    private static final int ATTR_NAME = 1;
    private static final int ATTR_I = 3;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_TYPE_INT = 2;
    private static final int ATTR_TYPE_INTS = 7;
    // TensorProto and its DataType values
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private TinyChangeModels() {
    }

    /**
     * A two-date change model: class 1 ("change") where the band sums of the two dates differ by
     * more than 0.5, else 0.
     *
     * <p>Input {@value TinyOnnxModels#INPUT}: float32 {@code [batch, 2 x bands, height, width]}, the
     * first date's bands then the second's. A 1×1 convolution with weights +1 for the first date's
     * bands and -1 for the second's gives the difference of the sums; Abs, Greater than 0.5, Cast to
     * int64. Output {@value TinyOnnxModels#OUTPUT}: int64 {@code [batch, 1, height, width]}.
     */
    public static byte[] bandSumsDiffer(int bands) {
        if (bands < 1) {
            throw new IllegalArgumentException("bands must be at least 1, was " + bands);
        }
        float[] weights = new float[2 * bands];   // [1, 2 x bands, 1, 1]
        for (int b = 0; b < bands; b++) {
            weights[b] = 1f;
            weights[bands + b] = -1f;
        }
        return model("band_sums_differ", graph -> graph
            .message(GRAPH_NODE, node -> node
                .string(NODE_INPUT, TinyOnnxModels.INPUT).string(NODE_INPUT, "sum_weights")
                .string(NODE_OUTPUT, "difference").string(NODE_NAME, "sum_difference")
                .string(NODE_OP_TYPE, "Conv")
                .message(NODE_ATTRIBUTE, attr -> ints(attr, "kernel_shape", 1, 1)))
            .message(GRAPH_NODE, node -> node
                .string(NODE_INPUT, "difference").string(NODE_OUTPUT, "distance")
                .string(NODE_NAME, "abs").string(NODE_OP_TYPE, "Abs"))
            .message(GRAPH_NODE, node -> node
                .string(NODE_INPUT, "distance").string(NODE_INPUT, "threshold")
                .string(NODE_OUTPUT, "changed").string(NODE_NAME, "greater")
                .string(NODE_OP_TYPE, "Greater"))
            .message(GRAPH_NODE, node -> node
                .string(NODE_INPUT, "changed").string(NODE_OUTPUT, TinyOnnxModels.OUTPUT)
                .string(NODE_NAME, "to_int64").string(NODE_OP_TYPE, "Cast")
                .message(NODE_ATTRIBUTE, attr -> integer(attr, "to", INT64)))
            .message(GRAPH_INITIALIZER, tensor -> tensor
                .packedInt64(TENSOR_DIMS, 1, 2L * bands, 1, 1)
                .int64(TENSOR_DATA_TYPE, FLOAT)
                .string(TENSOR_NAME, "sum_weights")
                .bytes(TENSOR_RAW_DATA, ProtoWriter.littleEndian(weights)))
            .message(GRAPH_INITIALIZER, tensor -> tensor   // a scalar: no dims
                .int64(TENSOR_DATA_TYPE, FLOAT)
                .string(TENSOR_NAME, "threshold")
                .bytes(TENSOR_RAW_DATA, ProtoWriter.littleEndian(new float[] {0.5f})))
            .message(GRAPH_INPUT, value -> tensorValue(value, TinyOnnxModels.INPUT, FLOAT,
                "batch", 2L * bands, "height", "width"))
            .message(GRAPH_OUTPUT, value -> tensorValue(value, TinyOnnxModels.OUTPUT, INT64,
                "batch", 1L, "height", "width")));
    }

    /**
     * A classifier that needs context: each pixel's class is the band with the highest sum over its
     * 3×3 neighbourhood (zero-padded at the tile border, ties to the lowest band). A depthwise 3×3
     * convolution of ones, then ArgMax over bands. Input float32 {@code [batch, bands, height,
     * width]}, output int64 {@code [batch, height, width]}. Tiles whose padding holds other pixels
     * than the raster's give other answers near their core's edge.
     */
    public static byte[] neighbourhoodBrightestBand(int bands) {
        if (bands < 1) {
            throw new IllegalArgumentException("bands must be at least 1, was " + bands);
        }
        float[] ones = new float[bands * 9];   // [bands, 1, 3, 3]
        java.util.Arrays.fill(ones, 1f);
        return model("neighbourhood_brightest_band", graph -> graph
            .message(GRAPH_NODE, node -> node
                .string(NODE_INPUT, TinyOnnxModels.INPUT).string(NODE_INPUT, "ones")
                .string(NODE_OUTPUT, "sums").string(NODE_NAME, "box_sum")
                .string(NODE_OP_TYPE, "Conv")
                .message(NODE_ATTRIBUTE, attr -> ints(attr, "kernel_shape", 3, 3))
                .message(NODE_ATTRIBUTE, attr -> ints(attr, "pads", 1, 1, 1, 1))
                .message(NODE_ATTRIBUTE, attr -> integer(attr, "group", bands)))
            .message(GRAPH_NODE, node -> node
                .string(NODE_INPUT, "sums").string(NODE_OUTPUT, TinyOnnxModels.OUTPUT)
                .string(NODE_NAME, "band_argmax").string(NODE_OP_TYPE, "ArgMax")
                .message(NODE_ATTRIBUTE, attr -> integer(attr, "axis", 1))
                .message(NODE_ATTRIBUTE, attr -> integer(attr, "keepdims", 0)))
            .message(GRAPH_INITIALIZER, tensor -> tensor
                .packedInt64(TENSOR_DIMS, bands, 1, 3, 3)
                .int64(TENSOR_DATA_TYPE, FLOAT)
                .string(TENSOR_NAME, "ones")
                .bytes(TENSOR_RAW_DATA, ProtoWriter.littleEndian(ones)))
            .message(GRAPH_INPUT, value -> tensorValue(value, TinyOnnxModels.INPUT, FLOAT,
                "batch", (long) bands, "height", "width"))
            .message(GRAPH_OUTPUT, value -> tensorValue(value, TinyOnnxModels.OUTPUT, INT64,
                "batch", "height", "width")));
    }

    private static byte[] model(String name, Consumer<ProtoWriter> body) {
        return ProtoWriter.message(model -> model
            .int64(MODEL_IR_VERSION, TinyOnnxModels.IR_VERSION)
            .string(MODEL_PRODUCER_NAME, "rasterhub-tests")
            .message(MODEL_OPSET_IMPORT, opset -> opset.int64(OPSET_VERSION, TinyOnnxModels.OPSET))
            .message(MODEL_GRAPH, graph -> {
                graph.string(GRAPH_NAME, name);
                body.accept(graph);
            }));
    }

    private static void ints(ProtoWriter attr, String name, long... values) {
        attr.string(ATTR_NAME, name).int64(ATTR_TYPE, ATTR_TYPE_INTS).packedInt64(ATTR_INTS, values);
    }

    private static void integer(ProtoWriter attr, String name, long value) {
        attr.string(ATTR_NAME, name).int64(ATTR_TYPE, ATTR_TYPE_INT).int64(ATTR_I, value);
    }

    // A dimension is a Long (fixed size) or a String (named, so any size is accepted at run time).
    private static void tensorValue(ProtoWriter value, String name, int elemType, Object... dims) {
        value.string(VALUE_NAME, name)
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
