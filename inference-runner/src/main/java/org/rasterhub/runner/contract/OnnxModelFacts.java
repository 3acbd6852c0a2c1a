package org.rasterhub.runner.contract;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an ONNX file says about itself, read from its protobuf without executing or loading anything:
 * the graph's real inputs (initialisers listed as inputs, as IR versions before 4 do, are left out)
 * and outputs with element types and shapes (fixed sizes and symbolic names), the IR version, opsets,
 * producer and {@code metadata_props}. Weights are skipped, never held: reading a 500 MB model costs
 * one pass over the file and a few kB of memory.
 *
 * @param opsets   opset version by domain ("" is the default ONNX domain)
 * @param metadata {@code metadata_props} in file order (Deepness-style {@code model_type}, {@code
 *                 class_names}, ...)
 * @param outputOps the operator that computes each graph output, by output name ("Sigmoid",
 *                 "Softmax", "ArgMax"); absent for an output that is a graph input or initialiser
 */
public record OnnxModelFacts(long irVersion, String producer, String producerVersion, Map<String, Long> opsets,
                             List<TensorFacts> inputs, List<TensorFacts> outputs, Map<String, String> metadata,
                             Map<String, String> outputOps) {
    /** The facts without operators, as files written before they were read. */
    public OnnxModelFacts(long irVersion, String producer, String producerVersion, Map<String, Long> opsets,
                          List<TensorFacts> inputs, List<TensorFacts> outputs, Map<String, String> metadata) {
        this(irVersion, producer, producerVersion, opsets, inputs, outputs, metadata, Map.of());
    }

    static final int MAX_TEXT_BYTES = 64 * 1024;
    static final int MAX_ENTRIES = 4096;
    static final int MAX_RANK = 32;

    /** A graph input or output. {@code shape} is null when the file gives no shape at all. */
    public record TensorFacts(String name, String elementType, List<Dimension> shape) {
        @Override
        public String toString() {
            return name + ": " + elementType + " " + (shape == null ? "[?]" : shape.toString());
        }
    }

    /** One dimension: a fixed size, a symbolic name (any size at run time), or neither (unknown). */
    public record Dimension(Long size, String name) {
        public boolean fixed() {
            return size != null;
        }

        @Override
        public String toString() {
            return size != null ? size.toString() : name != null ? name : "?";
        }
    }

    /**
     * @throws IOException "not a readable ONNX model: …" when the bytes are no ModelProto this reader
     *     can follow, or the file cannot be read
     */
    public static OnnxModelFacts read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, Files.size(file));
        }
    }

    static OnnxModelFacts read(InputStream in, long length) throws IOException {
        try {
            return new Reader(new ProtoStream(in, length)).model();
        } catch (IOException e) {
            throw new IOException("not a readable ONNX model: " + e.getMessage(), e);
        }
    }

    /** The fields of onnx.proto this reader follows; every other field is skipped. */
    private static final class Reader {
        private final ProtoStream proto;
        private final Set<String> initializers = new HashSet<>();
        private final Map<String, String> producedBy = new HashMap<>();

        Reader(ProtoStream proto) {
            this.proto = proto;
        }

        OnnxModelFacts model() throws IOException {
            long ir = 0;
            String producer = "";
            String producerVersion = "";
            Map<String, Long> opsets = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            List<TensorFacts> inputs = null;
            List<TensorFacts> outputs = new ArrayList<>();
            boolean graphSeen = false;
            for (int tag = proto.nextTag(); tag != 0; tag = proto.nextTag()) {
                switch (tag) {
                    case 1 << 3 -> ir = proto.varint();                                   // ir_version
                    case 2 << 3 | 2 -> producer = proto.string(MAX_TEXT_BYTES);           // producer_name
                    case 3 << 3 | 2 -> producerVersion = proto.string(MAX_TEXT_BYTES);    // producer_version
                    case 8 << 3 | 2 -> opset(opsets);                                     // opset_import
                    case 14 << 3 | 2 -> entry(metadata);                                  // metadata_props
                    case 7 << 3 | 2 -> {                                                  // graph
                        if (graphSeen) {
                            throw new IOException("two graphs in one model");
                        }
                        graphSeen = true;
                        List<TensorFacts> graphInputs = new ArrayList<>();
                        graph(graphInputs, outputs);
                        inputs = graphInputs;
                    }
                    default -> proto.skip(tag & 7);
                }
            }
            if (!graphSeen || ir == 0) {
                throw new IOException(!graphSeen ? "it has no graph" : "it has no IR version");
            }
            List<TensorFacts> realInputs = inputs.stream().filter(i -> !initializers.contains(i.name())).toList();
            Map<String, String> outputOps = new LinkedHashMap<>();
            for (TensorFacts output : outputs) {
                String op = producedBy.get(output.name());
                if (op != null) {
                    outputOps.put(output.name(), op);
                }
            }
            return new OnnxModelFacts(ir, producer, producerVersion, opsets, realInputs, List.copyOf(outputs),
                    metadata, outputOps);
        }

        private void graph(List<TensorFacts> inputs, List<TensorFacts> outputs) throws IOException {
            long outer = proto.enter();
            for (int tag = proto.nextTag(); tag != 0; tag = proto.nextTag()) {
                switch (tag) {
                    case 1 << 3 | 2 -> node();                                   // node
                    case 5 << 3 | 2 -> initializerName();                        // initializer
                    case 11 << 3 | 2 -> add(inputs, valueInfo());                // input
                    case 12 << 3 | 2 -> add(outputs, valueInfo());               // output
                    default -> proto.skip(tag & 7);
                }
            }
            proto.leave(outer);
        }

        // Only which operator writes which value: enough to tell a sigmoid output from a softmax one.
        private void node() throws IOException {
            long outer = proto.enter();
            List<String> written = new ArrayList<>();
            String op = "";
            for (int tag = proto.nextTag(); tag != 0; tag = proto.nextTag()) {
                if (tag == (2 << 3 | 2)) {                                       // NodeProto.output
                    written.add(proto.string(MAX_TEXT_BYTES));
                } else if (tag == (4 << 3 | 2)) {                                // NodeProto.op_type
                    op = proto.string(MAX_TEXT_BYTES);
                } else {
                    proto.skip(tag & 7);                                         // inputs, attributes, ...
                }
            }
            proto.leave(outer);
            if (producedBy.size() + written.size() > 4_000_000) {
                throw new IOException("more than 4,000,000 node outputs");
            }
            for (String value : written) {
                producedBy.put(value, op);
            }
        }

        private void initializerName() throws IOException {
            long outer = proto.enter();
            for (int tag = proto.nextTag(); tag != 0; tag = proto.nextTag()) {
                if (tag == (8 << 3 | 2)) {                                       // TensorProto.name
                    if (initializers.size() >= 1_000_000) {
                        throw new IOException("more than 1,000,000 initialisers");
                    }
                    initializers.add(proto.string(MAX_TEXT_BYTES));
                } else {
                    proto.skip(tag & 7);                                         // the weights themselves
                }
            }
            proto.leave(outer);
        }

        private TensorFacts valueInfo() throws IOException {
            long outer = proto.enter();
            String name = "";
            String type = "unknown";
            List<Dimension> shape = null;
            for (int tag = proto.nextTag(); tag != 0; tag = proto.nextTag()) {
                if (tag == (1 << 3 | 2)) {                                       // ValueInfoProto.name
                    name = proto.string(MAX_TEXT_BYTES);
                } else if (tag == (2 << 3 | 2)) {                                // type: TypeProto
                    long typeOuter = proto.enter();
                    for (int t = proto.nextTag(); t != 0; t = proto.nextTag()) {
                        if (t == (1 << 3 | 2)) {                                 // tensor_type
                            long tensorOuter = proto.enter();
                            for (int f = proto.nextTag(); f != 0; f = proto.nextTag()) {
                                if (f == 1 << 3) {                               // elem_type
                                    type = elementType(proto.varint());
                                } else if (f == (2 << 3 | 2)) {                  // shape
                                    shape = shape();
                                } else {
                                    proto.skip(f & 7);
                                }
                            }
                            proto.leave(tensorOuter);
                        } else {
                            type = "non-tensor";
                            proto.skip(t & 7);
                        }
                    }
                    proto.leave(typeOuter);
                } else {
                    proto.skip(tag & 7);
                }
            }
            proto.leave(outer);
            return new TensorFacts(name, type, shape);
        }

        private List<Dimension> shape() throws IOException {
            long outer = proto.enter();
            List<Dimension> dims = new ArrayList<>();
            for (int tag = proto.nextTag(); tag != 0; tag = proto.nextTag()) {
                if (tag != (1 << 3 | 2)) {                                       // TensorShapeProto.dim
                    proto.skip(tag & 7);
                    continue;
                }
                if (dims.size() == MAX_RANK) {
                    throw new IOException("a tensor of more than " + MAX_RANK + " dimensions");
                }
                long dimOuter = proto.enter();
                Long size = null;
                String param = null;
                for (int t = proto.nextTag(); t != 0; t = proto.nextTag()) {
                    if (t == 1 << 3) {
                        size = proto.varint();                                   // dim_value
                    } else if (t == (2 << 3 | 2)) {
                        param = proto.string(MAX_TEXT_BYTES);                    // dim_param
                    } else {
                        proto.skip(t & 7);
                    }
                }
                proto.leave(dimOuter);
                dims.add(new Dimension(size, param));
            }
            proto.leave(outer);
            return List.copyOf(dims);
        }

        private void opset(Map<String, Long> opsets) throws IOException {
            long outer = proto.enter();
            String domain = "";
            long version = 0;
            for (int tag = proto.nextTag(); tag != 0; tag = proto.nextTag()) {
                if (tag == (1 << 3 | 2)) {
                    domain = proto.string(MAX_TEXT_BYTES);
                } else if (tag == 2 << 3) {
                    version = proto.varint();
                } else {
                    proto.skip(tag & 7);
                }
            }
            proto.leave(outer);
            if (opsets.size() < MAX_ENTRIES) {
                opsets.put(domain, version);
            }
        }

        private void entry(Map<String, String> metadata) throws IOException {
            long outer = proto.enter();
            String key = "";
            String value = "";
            for (int tag = proto.nextTag(); tag != 0; tag = proto.nextTag()) {
                if (tag == (1 << 3 | 2)) {
                    key = proto.string(MAX_TEXT_BYTES);
                } else if (tag == (2 << 3 | 2)) {
                    value = proto.string(MAX_TEXT_BYTES);
                } else {
                    proto.skip(tag & 7);
                }
            }
            proto.leave(outer);
            if (metadata.size() >= MAX_ENTRIES) {
                throw new IOException("more than " + MAX_ENTRIES + " metadata entries");
            }
            metadata.put(key, value);
        }

        private static void add(List<TensorFacts> list, TensorFacts value) throws IOException {
            if (list.size() >= MAX_ENTRIES) {
                throw new IOException("more than " + MAX_ENTRIES + " graph inputs or outputs");
            }
            list.add(value);
        }
    }

    /** ONNX's {@code TensorProto.DataType} names, lower case as shapes are written here. */
    static String elementType(long code) {
        return switch ((int) code) {
            case 1 -> "float";
            case 2 -> "uint8";
            case 3 -> "int8";
            case 4 -> "uint16";
            case 5 -> "int16";
            case 6 -> "int32";
            case 7 -> "int64";
            case 8 -> "string";
            case 9 -> "bool";
            case 10 -> "float16";
            case 11 -> "double";
            case 12 -> "uint32";
            case 13 -> "uint64";
            case 16 -> "bfloat16";
            default -> "type " + code;
        };
    }
}
