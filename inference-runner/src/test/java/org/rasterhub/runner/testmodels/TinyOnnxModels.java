package org.rasterhub.runner.testmodels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny ONNX models with known weights, written as protobuf bytes. Field numbers are those of
 * {@code onnx/onnx.proto}, which never renumbers a field, so files load in any ONNX Runtime that
 * reads IR version 8.
 */
public final class TinyOnnxModels {
    public static final long IR_VERSION = 8;
    public static final long OPSET = 13;
    public static final String INPUT = "image";
    public static final String OUTPUT = "classes";

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    // OperatorSetIdProto (domain 1 left empty: the default ONNX domain)
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

    private TinyOnnxModels() {
    }

    /**
     * A classifier whose answer for each pixel is the index of its brightest band.
     *
     * <p>Input {@value #INPUT}: float32 {@code [1, bands, height, width]}, height and width dynamic.
     * A 1×1 convolution with identity weights (so scores equal the input), then ArgMax over the band
     * axis without keeping it. Output {@value #OUTPUT}: int64 {@code [1, height, width]}; ties go to
     * the lowest band index, as ONNX ArgMax specifies by default.
     */
    public static byte[] brightestBandWins(int bands) {
        return brightest(bands, 1L, true);
    }

    /**
     * {@link #brightestBandWins} with a dynamic batch dimension: input {@code [batch, bands, height,
     * width]}, output int64 {@code [batch, height, width]}.
     */
    public static byte[] brightestBandWinsAnyBatch(int bands) {
        return brightest(bands, "batch", true);
    }

    /**
     * The scores of {@link #brightestBandWins} before ArgMax: output {@value #OUTPUT} is float32
     * {@code [batch, bands, height, width]} equal to the input, batch dynamic. The model of a
     * segmentation network that leaves ArgMax to the caller.
     */
    public static byte[] brightestBandScores(int bands) {
        return brightest(bands, "batch", false);
    }

    private static byte[] brightest(int bands, Object batchDim, boolean argmax) {
        if (bands < 1) {
            throw new IllegalArgumentException("bands must be at least 1, was " + bands);
        }
        float[] identity = new float[bands * bands];   // [out, in, 1, 1]
        for (int b = 0; b < bands; b++) {
            identity[b * bands + b] = 1f;
        }
        return ProtoWriter.message(model -> model
            .int64(MODEL_IR_VERSION, IR_VERSION)
            .string(MODEL_PRODUCER_NAME, "rasterhub-tests")
            .message(MODEL_OPSET_IMPORT, opset -> opset.int64(OPSET_VERSION, OPSET))
            .message(MODEL_GRAPH, graph -> {
                graph.string(GRAPH_NAME, argmax ? "brightest_band_wins" : "band_scores")
                    .message(GRAPH_NODE, node -> node
                        .string(NODE_INPUT, INPUT)
                        .string(NODE_INPUT, "identity_weights")
                        .string(NODE_OUTPUT, argmax ? "scores" : OUTPUT)
                        .string(NODE_NAME, "identity_conv")
                        .string(NODE_OP_TYPE, "Conv")
                        .message(NODE_ATTRIBUTE, attr -> attr
                            .string(ATTR_NAME, "kernel_shape")
                            .int64(ATTR_TYPE, ATTR_TYPE_INTS)
                            .packedInt64(ATTR_INTS, 1, 1)));
                if (argmax) {
                    graph.message(GRAPH_NODE, TinyOnnxModels::argMaxOverBands);
                }
                graph.message(GRAPH_INITIALIZER, tensor -> tensor
                    .packedInt64(TENSOR_DIMS, bands, bands, 1, 1)
                    .int64(TENSOR_DATA_TYPE, FLOAT)
                    .string(TENSOR_NAME, "identity_weights")
                    .bytes(TENSOR_RAW_DATA, ProtoWriter.littleEndian(identity)))
                    .message(GRAPH_INPUT, value -> tensorValue(value, INPUT, FLOAT,
                        batchDim, (long) bands, "height", "width"))
                    .message(GRAPH_OUTPUT, value -> {
                        if (argmax) {
                            tensorValue(value, OUTPUT, INT64, batchDim, "height", "width");
                        } else {
                            tensorValue(value, OUTPUT, FLOAT, batchDim, (long) bands, "height", "width");
                        }
                    });
            }));
    }

    private static void argMaxOverBands(ProtoWriter node) {
        node.string(NODE_INPUT, "scores")
            .string(NODE_OUTPUT, OUTPUT)
            .string(NODE_NAME, "band_argmax")
            .string(NODE_OP_TYPE, "ArgMax")
            .message(NODE_ATTRIBUTE, attr -> attr
                .string(ATTR_NAME, "axis")
                .int64(ATTR_TYPE, ATTR_TYPE_INT)
                .int64(ATTR_I, 1))
            .message(NODE_ATTRIBUTE, attr -> attr
                .string(ATTR_NAME, "keepdims")
                .int64(ATTR_TYPE, ATTR_TYPE_INT)
                .int64(ATTR_I, 0));
    }

    /** Writes model bytes to {@code file}, creating parent folders, and returns the file. */
    public static Path write(Path file, byte[] model) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, model);
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
