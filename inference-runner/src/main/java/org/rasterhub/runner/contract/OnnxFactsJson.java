package org.rasterhub.runner.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link OnnxModelFacts} as the JSON recorded with a version at upload: a dimension is a number
 * (fixed), a string (symbolic) or null (unknown); a shape is null when the file gives none.
 */
public final class OnnxFactsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxFactsJson() {
    }

    /** The facts as compact JSON. */
    public static String write(OnnxModelFacts facts) {
        ObjectNode root = JSON.createObjectNode();
        root.put("irVersion", facts.irVersion());
        root.put("producer", facts.producer());
        root.put("producerVersion", facts.producerVersion());
        ObjectNode opsets = root.putObject("opsets");
        facts.opsets().forEach(opsets::put);
        tensors(root.putArray("inputs"), facts.inputs());
        tensors(root.putArray("outputs"), facts.outputs());
        ObjectNode metadata = root.putObject("metadata");
        facts.metadata().forEach(metadata::put);
        ObjectNode ops = root.putObject("outputOps");
        facts.outputOps().forEach(ops::put);
        return root.toString();
    }

    /**
     * Reads facts written by {@link #write}.
     *
     * @throws IOException when the text is no such JSON
     */
    public static OnnxModelFacts read(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !root.isObject() || !root.path("inputs").isArray() || !root.path("outputs").isArray()) {
            throw new IOException("not recorded model facts");
        }
        Map<String, Long> opsets = new LinkedHashMap<>();
        root.path("opsets").properties().forEach(e -> opsets.put(e.getKey(), e.getValue().asLong()));
        return new OnnxModelFacts(root.path("irVersion").asLong(), root.path("producer").asText(),
                root.path("producerVersion").asText(), opsets, tensors(root.path("inputs")),
                tensors(root.path("outputs")), texts(root.path("metadata")), texts(root.path("outputOps")));
    }

    private static void tensors(ArrayNode into, List<OnnxModelFacts.TensorFacts> tensors) {
        for (OnnxModelFacts.TensorFacts t : tensors) {
            ObjectNode node = into.addObject().put("name", t.name()).put("type", t.elementType());
            if (t.shape() == null) {
                node.putNull("shape");
                continue;
            }
            ArrayNode shape = node.putArray("shape");
            for (OnnxModelFacts.Dimension d : t.shape()) {
                if (d.fixed()) {
                    shape.add(d.size());
                } else if (d.name() != null) {
                    shape.add(d.name());
                } else {
                    shape.addNull();
                }
            }
        }
    }

    private static List<OnnxModelFacts.TensorFacts> tensors(JsonNode array) {
        List<OnnxModelFacts.TensorFacts> tensors = new ArrayList<>();
        for (JsonNode t : array) {
            List<OnnxModelFacts.Dimension> shape = null;
            if (t.path("shape").isArray()) {
                shape = new ArrayList<>();
                for (JsonNode d : t.path("shape")) {
                    shape.add(new OnnxModelFacts.Dimension(d.isNumber() ? d.asLong() : null,
                            d.isTextual() ? d.asText() : null));
                }
            }
            tensors.add(new OnnxModelFacts.TensorFacts(t.path("name").asText(), t.path("type").asText(), shape));
        }
        return tensors;
    }

    private static Map<String, String> texts(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
