package org.rasterhub.runner.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Esri model definition generated from the {@code metadata_props} that the Deepness QGIS plugin
 * has models carry ({@code model_type}, {@code class_names}, {@code tiles_size}, {@code tiles_overlap},
 * {@code resolution}, {@code standardization_mean}/{@code _std}, {@code seg_thresh}, {@code det_conf}),
 * so that an {@code .onnx} uploaded on its own becomes a package. Deepness feeds a model
 * {@code (v / 255 − mean) / std}; the definition says the same with {@code NormalizationStats} (band
 * range 0-255, scaled mean and standard deviation), which RasterHub applies exactly
 * ({@link org.rasterhub.runner.classify.InputScaling.BandStatistics}).
 */
public final class DeepnessDefinition {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Distinct, legible colours for generated classes; users recolour in a new version if they wish.
    private static final int[][] PALETTE = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44}, {214, 39, 40},
        {148, 103, 189}, {140, 86, 75}, {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};

    private DeepnessDefinition() {
    }

    /**
     * A generated definition and how each key was decided.
     *
     * @param emd   the {@code .emd}, ready to be written beside the model
     * @param notes one line per decision, for the user to check
     */
    public record Generated(ObjectNode emd, List<String> notes) {
        public String json() {
            return emd.toPrettyString();
        }
    }

    /**
     * Generates the definition of a model file named {@code modelFileName}.
     *
     * @throws IllegalArgumentException with a message for the user when the file does not say enough:
     *     no Deepness metadata, a model type RasterHub has no tool for, no class names, no tile size
     */
    public static Generated from(OnnxModelFacts facts, String modelFileName) {
        Map<String, String> meta = facts.metadata();
        String type = meta.get("model_type");
        if (type == null) {
            throw new IllegalArgumentException("the ONNX file carries no Deepness metadata (model_type, class_names,"
                + " tiles_size in metadata_props), so RasterHub cannot tell what it does: write an .emd and upload"
                + " both as a .dlpk package");
        }
        String modelType = switch (type) {
            case "Segmentor" -> "ImageClassification";
            case "Detector" -> "ObjectDetection";
            case "Regressor" -> "ImageClassification";
            default -> throw new IllegalArgumentException("Deepness model_type \"" + type + "\" has no tool here"
                + " (RasterHub runs Segmentor and Regressor as Classify Pixels and Detector as Detect Objects)");
        };
        List<String> notes = new ArrayList<>();
        ObjectNode emd = JSON.createObjectNode();
        emd.put("Framework", "Onnx");
        emd.put("ModelConfiguration", "Deepness");
        emd.put("ModelType", modelType);
        emd.put("ModelFile", modelFileName);
        notes.add("ModelType " + modelType + " from Deepness model_type " + type);
        int tile = tileSize(facts, meta, notes);
        emd.put("ImageHeight", tile);
        emd.put("ImageWidth", tile);
        double overlap = number(meta, "tiles_overlap", -1);
        int padding = (int) Math.round(tile * overlap / 100 / 2);
        if (overlap < 0 || 2 * padding >= tile) {
            padding = tile / 4;
            notes.add("ModelPadding " + padding + ", a quarter of the tile as in ArcGIS: no usable tiles_overlap");
        } else {
            notes.add("ModelPadding " + padding + " = half of tiles_overlap " + overlap + " % of the tile");
        }
        emd.put("ModelPadding", padding);
        int bands = bands(facts);
        ArrayNode extract = emd.putArray("ExtractBands");
        for (int b = 0; b < bands; b++) {
            extract.add(b);
        }
        notes.add("ExtractBands: the first " + bands + " band(s), as the model's input takes them (Deepness reads"
            + " the layer's bands in order)");
        normalisation(emd, meta, bands, notes);
        thresholds(emd, meta, modelType, notes);
        resolution(emd, meta, notes);
        if (type.equals("Regressor")) {
            regression(emd, meta, notes);
        } else {
            classes(emd.putArray("Classes"), meta, notes);
        }
        emd.put("ModelName", modelFileName.replaceFirst("(?i)\\.onnx$", ""));
        return new Generated(emd, List.copyOf(notes));
    }

    private static int tileSize(OnnxModelFacts facts, Map<String, String> meta, List<String> notes) {
        double declared = number(meta, "tiles_size", -1);
        if (declared >= 8 && declared <= 4096 && declared == Math.rint(declared)) {
            notes.add("ImageHeight/ImageWidth " + (int) declared + " from tiles_size");
            return (int) declared;
        }
        List<OnnxModelFacts.Dimension> shape = facts.inputs().isEmpty() ? null : facts.inputs().get(0).shape();
        if (shape != null && shape.size() == 4 && shape.get(2).fixed() && shape.get(2).size() >= 8
                && shape.get(2).size() <= 4096) {
            notes.add("ImageHeight/ImageWidth " + shape.get(2).size() + " from the model's fixed input");
            return (int) (long) shape.get(2).size();
        }
        throw new IllegalArgumentException("neither tiles_size nor a fixed input size says the model's tile size:"
            + " write an .emd and upload both as a .dlpk package");
    }

    private static int bands(OnnxModelFacts facts) {
        List<OnnxModelFacts.Dimension> shape = facts.inputs().isEmpty() ? null : facts.inputs().get(0).shape();
        if (shape != null && shape.size() == 4 && shape.get(1).fixed() && shape.get(1).size() >= 1
                && shape.get(1).size() <= 64) {
            return (int) (long) shape.get(1).size();
        }
        return 3;
    }

    private static void normalisation(ObjectNode emd, Map<String, String> meta, int bands, List<String> notes) {
        List<Double> mean = numbers(meta.get("standardization_mean"), bands);
        List<Double> std = numbers(meta.get("standardization_std"), bands);
        ObjectNode stats = emd.putObject("NormalizationStats");
        ArrayNode min = stats.putArray("band_min_values");
        ArrayNode max = stats.putArray("band_max_values");
        for (int b = 0; b < bands; b++) {
            min.add(0);
            max.add(255);
        }
        if (mean != null && std != null && std.stream().allMatch(s -> s > 0)) {
            mean.forEach(stats.putArray("scaled_mean_values")::add);
            std.forEach(stats.putArray("scaled_std_values")::add);
            notes.add("NormalizationStats: (v / 255 − mean) / std with Deepness's standardization_mean " + mean
                + " and standardization_std " + std);
        } else {
            emd.put("DoNormalize", false);
            notes.add("NormalizationStats: v / 255, as Deepness feeds a model without standardization values");
        }
    }

    private static void thresholds(ObjectNode emd, Map<String, String> meta, String modelType, List<String> notes) {
        String key = modelType.equals("ObjectDetection") ? "det_conf" : "seg_thresh";
        double threshold = number(meta, key, -1);
        if (threshold >= 0 && threshold <= 1) {
            emd.put("Threshold", threshold);
            notes.add("Threshold " + threshold + " (the runs' default) from " + key);
        }
        if (meta.containsKey("det_iou_thresh")) {
            notes.add("det_iou_thresh " + meta.get("det_iou_thresh") + " is not kept: set nmsOverlap on each run");
        }
    }

    private static void resolution(ObjectNode emd, Map<String, String> meta, List<String> notes) {
        double centimetres = number(meta, "resolution", -1);
        if (centimetres > 0) {
            double metres = centimetres / 100;
            emd.putObject("MinCellSize").put("x", metres).put("y", metres);
            emd.putObject("MaxCellSize").put("x", metres).put("y", metres);
            notes.add("Min/MaxCellSize " + metres + " m from resolution " + centimetres + " cm/px: the imagery the"
                + " model was trained on");
        }
    }

    // A Deepness regressor answers one float channel per pixel; its name is the one class name, if any.
    private static void regression(ObjectNode emd, Map<String, String> meta, List<String> notes) {
        JsonNode names = parse(meta.get("class_names"));
        String name = names != null && names.isObject() && names.size() == 1
            ? names.elements().next().asText() : "value";
        emd.putObject("RegressionOutput").put("Name", name).put("Scale", 1.0);
        emd.putArray("Classes");
        notes.add("RegressionOutput \"" + name + "\", scale 1: Classify Pixels writes the model's values as a"
            + " Float32 raster (Deepness's output scaling is a user setting; edit Scale if the model needs one)");
    }

    private static void classes(ArrayNode classes, Map<String, String> meta, List<String> notes) {
        String text = meta.get("class_names");
        JsonNode names = parse(text);
        if (names == null || !names.isObject() || names.isEmpty()) {
            throw new IllegalArgumentException("the Deepness metadata has no class_names (a JSON object such as"
                + " {\"0\": \"background\", \"1\": \"water\"}), found " + (text == null ? "none"
                : "\"" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "\""));
        }
        Map<Integer, String> byValue = new TreeMap<>();
        names.properties().forEach(e -> {
            try {
                byValue.put(Integer.parseInt(e.getKey().trim()), e.getValue().asText());
            } catch (NumberFormatException notAnIndex) {
                throw new IllegalArgumentException("class_names key \"" + e.getKey() + "\" is not a class index");
            }
        });
        int i = 0;
        for (Map.Entry<Integer, String> c : byValue.entrySet()) {
            int[] rgb = PALETTE[i++ % PALETTE.length];
            ObjectNode entry = classes.addObject().put("Value", c.getKey()).put("Name", c.getValue());
            entry.putArray("Color").add(rgb[0]).add(rgb[1]).add(rgb[2]);
        }
        notes.add("Classes " + byValue + " from class_names, in index order (colours generated)");
    }

    // Deepness writes JSON; older exports wrote Python reprs with single quotes.
    private static JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        String doubleQuoted = text.replace('\'', '"');
        String keysQuoted = doubleQuoted.replaceAll("([{,]\\s*)(-?\\d+)\\s*:", "$1\"$2\":");   // {0: 'a'}
        for (String candidate : List.of(text, doubleQuoted, keysQuoted)) {
            try {
                return JSON.readTree(candidate);
            } catch (IOException notJson) {
                // try the next reading
            }
        }
        return null;
    }

    private static List<Double> numbers(String text, int bands) {
        JsonNode node = parse(text);
        if (node == null) {
            return null;
        }
        List<Double> values = new ArrayList<>();
        if (node.isNumber()) {
            for (int b = 0; b < bands; b++) {
                values.add(node.asDouble());
            }
            return values;
        }
        if (!node.isArray() || node.size() != bands) {
            return null;
        }
        for (JsonNode v : node) {
            if (!v.isNumber()) {
                return null;
            }
            values.add(v.asDouble());
        }
        return values;
    }

    private static double number(Map<String, String> meta, String key, double fallback) {
        try {
            double value = Double.parseDouble(meta.getOrDefault(key, "").trim());
            return Double.isFinite(value) ? value : fallback;
        } catch (NumberFormatException absent) {
            return fallback;
        }
    }
}
