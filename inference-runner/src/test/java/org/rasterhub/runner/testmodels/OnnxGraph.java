package org.rasterhub.runner.testmodels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects the nodes, initialisers, inputs and outputs of one ONNX graph, in the order they are
 * added, and writes the model as protobuf bytes. Field numbers are those of {@code onnx/onnx.proto},
 * which never renumbers a field, so files load in any ONNX Runtime that reads IR version
 * {@value TinyOnnxModels#IR_VERSION}.
 */
final class OnnxGraph {
    // TensorProto.DataType values
    static final int FLOAT = 1;
    static final int INT64 = 7;

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_METADATA_PROPS = 14;
    // StringStringEntryProto
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
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
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private final String name;
    private final List<Consumer<ProtoWriter>> parts = new ArrayList<>();
    private final java.util.Map<String, String> metadata = new java.util.LinkedHashMap<>();
    private int nodes;

    OnnxGraph(String name) {
        this.name = name;
    }

    /** A node named after its operator and position: {@code conv_0}, {@code relu_1}, ... */
    void node(String op, List<String> inputs, List<String> outputs, Consumer<Attributes> attributes) {
        node(op.toLowerCase() + "_" + nodes++, op, inputs, outputs, attributes);
    }

    void node(String nodeName, String op, List<String> inputs, List<String> outputs,
              Consumer<Attributes> attributes) {
        parts.add(graph -> graph.message(GRAPH_NODE, node -> {
            inputs.forEach(i -> node.string(NODE_INPUT, i));
            outputs.forEach(o -> node.string(NODE_OUTPUT, o));
            node.string(NODE_NAME, nodeName).string(NODE_OP_TYPE, op);
            attributes.accept(new Attributes(node));
        }));
    }

    /** A float32 initialiser of shape {@code dims}; no dims writes an empty shape field. */
    void floats(String tensorName, float[] values, long... dims) {
        initializer(tensorName, FLOAT, ProtoWriter.littleEndian(values), dims);
    }

    /** A float32 scalar initialiser: no dims field at all. */
    void scalar(String tensorName, float value) {
        initializer(tensorName, FLOAT, ProtoWriter.littleEndian(new float[] {value}), null);
    }

    /** An int64 initialiser of shape {@code dims}. */
    void longs(String tensorName, long[] values, long... dims) {
        initializer(tensorName, INT64, littleEndian(values), dims);
    }

    /** An int64 scalar initialiser: no dims field at all. */
    void scalar(String tensorName, long value) {
        initializer(tensorName, INT64, littleEndian(new long[] {value}), null);
    }

    // A dimension is a Long (fixed size) or a String (named, so any size is accepted at run time).
    void input(String valueName, int elemType, Object... dims) {
        parts.add(graph -> graph.message(GRAPH_INPUT, v -> value(v, valueName, elemType, dims)));
    }

    void output(String valueName, int elemType, Object... dims) {
        parts.add(graph -> graph.message(GRAPH_OUTPUT, v -> value(v, valueName, elemType, dims)));
    }

    /** A {@code metadata_props} entry of the model, as exporters and Deepness write them. */
    void metadata(String key, String value) {
        metadata.put(key, value);
    }

    byte[] model() {
        return ProtoWriter.message(model -> {
            model.int64(MODEL_IR_VERSION, TinyOnnxModels.IR_VERSION)
                .string(MODEL_PRODUCER_NAME, "rasterhub-tests")
                .message(MODEL_OPSET_IMPORT, opset -> opset.int64(OPSET_VERSION, TinyOnnxModels.OPSET))
                .message(MODEL_GRAPH, graph -> {
                    graph.string(GRAPH_NAME, name);
                    parts.forEach(p -> p.accept(graph));
                });
            metadata.forEach((key, value) -> model.message(MODEL_METADATA_PROPS,
                entry -> entry.string(ENTRY_KEY, key).string(ENTRY_VALUE, value)));
        });
    }

    private void initializer(String tensorName, int dataType, byte[] raw, long[] dims) {
        parts.add(graph -> graph.message(GRAPH_INITIALIZER, t -> {
            if (dims != null) {
                t.packedInt64(TENSOR_DIMS, dims);
            }
            t.int64(TENSOR_DATA_TYPE, dataType).string(TENSOR_NAME, tensorName)
                .bytes(TENSOR_RAW_DATA, raw);
        }));
    }

    // TensorProto.raw_data is little-endian whatever the machine's byte order.
    private static byte[] littleEndian(long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        return raw.array();
    }

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

    /** Node attributes: integers and integer lists are all these models need. */
    static final class Attributes {
        private final ProtoWriter node;

        private Attributes(ProtoWriter node) {
            this.node = node;
        }

        Attributes i(String attrName, long value) {
            node.message(NODE_ATTRIBUTE, a -> a.string(ATTR_NAME, attrName)
                .int64(ATTR_TYPE, ATTR_TYPE_INT).int64(ATTR_I, value));
            return this;
        }

        Attributes ints(String attrName, long... values) {
            node.message(NODE_ATTRIBUTE, a -> a.string(ATTR_NAME, attrName)
                .int64(ATTR_TYPE, ATTR_TYPE_INTS).packedInt64(ATTR_INTS, values));
            return this;
        }
    }
}
