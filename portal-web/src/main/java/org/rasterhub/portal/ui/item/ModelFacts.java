package org.rasterhub.portal.ui.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.StreamSupport;
import org.rasterhub.portal.run.RunDefaults;


/**
 * What a model user needs from the {@code .emd} before a run, as label and text: the bands it reads,
 * the tile size, the training resolution (MinCellSize/MaxCellSize) and the arcgis.learn details.
 * Keys are read tolerantly; one of an unexpected shape is shown as its JSON text, never dropped.
 */
record ModelFacts(List<Fact> facts) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 200;

    /** One line of the facts panel. */
    record Fact(String label, String value) {
    }

    static ModelFacts of(String emdJson) {
        JsonNode emd;
        try {
            emd = JSON.readTree(emdJson);
        } catch (IOException e) {
            return new ModelFacts(List.of());
        }
        List<Fact> facts = new ArrayList<>();
        if (emd == null || !emd.isObject()) {
            return new ModelFacts(facts);
        }
        JsonNode bands = emd.path("ExtractBands");
        if (bands.isArray()) {
            List<String> names = StreamSupport.stream(bands.spliterator(), false).map(JsonNode::asText).toList();
            facts.add(new Fact("Input bands", cut(String.join(", ", names)) + " (" + names.size()
                    + (names.size() == 1 ? " band)" : " bands)")));
        } else if (!bands.isMissingNode()) {
            facts.add(new Fact("Input bands", text(bands)));
        }
        if (emd.has("ImageHeight") || emd.has("ImageWidth")) {
            facts.add(new Fact("Image size", text(emd.path("ImageHeight")) + " × " + text(emd.path("ImageWidth"))
                    + " pixels (height × width)"));
        }
        optional(facts, emd, "ModelPadding", "Model padding");
        optional(facts, emd, "BatchSize", "Batch size");
        optional(facts, emd, "DataRange", "Data range");
        facts.add(new Fact("Input scaling", RunDefaults.inputScaling(emd)));
        optional(facts, emd, "ImageSpaceUsed", "Image space");
        optional(facts, emd, "IsMultispectral", "Multispectral");
        cellSize(facts, emd, "MinCellSize", "Minimum cell size");
        cellSize(facts, emd, "MaxCellSize", "Maximum cell size");
        optional(facts, emd, "ArcGISLearnVersion", "arcgis.learn version");
        JsonNode backbone = emd.path("ModelParameters").path("backbone");
        if (!backbone.isMissingNode() && !backbone.isNull()) {
            facts.add(new Fact("Backbone", text(backbone)));
        }
        optional(facts, emd, "ModelName", "Model name");
        optional(facts, emd, "Version", "Definition version");
        return new ModelFacts(List.copyOf(facts));
    }

    private static void optional(List<Fact> facts, JsonNode emd, String key, String label) {
        JsonNode value = emd.path(key);
        if (!value.isMissingNode() && !value.isNull()) {
            facts.add(new Fact(label, text(value)));
        }
    }

    /** {@code {x, y, spatialReference: {wkid, latestWkid}}} as "0.3 × 0.3 (EPSG:3857)", or a plain number. */
    private static void cellSize(List<Fact> facts, JsonNode emd, String key, String label) {
        JsonNode size = emd.path(key);
        if (size.isMissingNode() || size.isNull()) {
            return;
        }
        if (size.isObject() && size.path("x").isNumber() && size.path("y").isNumber()) {
            JsonNode reference = size.path("spatialReference");
            JsonNode wkid = reference.path("latestWkid").isIntegralNumber() ? reference.path("latestWkid")
                    : reference.path("wkid");
            facts.add(new Fact(label, number(size.path("x")) + " × " + number(size.path("y"))
                    + (wkid.isIntegralNumber() ? " (EPSG:" + wkid.asLong() + ")" : "")));
        } else {
            facts.add(new Fact(label, text(size)));
        }
    }

    private static String number(JsonNode value) {
        double d = value.asDouble();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                : String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    private static String text(JsonNode value) {
        return cut(value.isValueNode() ? value.asText() : value.toString());
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}
