package org.rasterhub.portal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rasterhub.runner.contract.OnnxModelFacts;

/**
 * An item's version as a STAC Item with the Machine Learning Model extension (MLM v1.5), and back: a
 * STAC MLM Item and its model file as a model definition. The mapping is in docs/api.md ("STAC").
 */
public final class StacMlm {
    public static final String MLM = "https://stac-extensions.github.io/mlm/v1.5.0/schema.json";
    public static final String FILE = "https://stac-extensions.github.io/file/v2.1.0/schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StacMlm() {
    }

    /**
     * The STAC Item of the version shown in {@code item}.
     *
     * @param facts     what the model file says of itself, or null when unknown (TorchScript)
     * @param modelHref where the model asset (the package) is downloaded
     * @param selfHref  where this item is served
     */
    public static ObjectNode export(ItemDetails item, OnnxModelFacts facts, String modelHref, String selfHref) {
        JsonNode emd = readTree(item.emd());
        ObjectNode stac = JSON.createObjectNode();
        stac.put("type", "Feature");
        stac.put("stac_version", "1.1.0");
        stac.putArray("stac_extensions").add(MLM).add(FILE);
        stac.put("id", "rasterhub-item-" + item.id() + "-v" + item.version());
        stac.putNull("geometry");
        ObjectNode p = stac.putObject("properties");
        p.put("datetime", item.created().toString());
        p.put("title", item.title());
        if (item.summary() != null) {
            p.put("description", item.summary());
        }
        p.put("mlm:name", mlmName(item.title()));
        p.put("mlm:architecture", item.modelConfiguration() == null ? item.modelType() : item.modelConfiguration());
        ArrayNode tasks = p.putArray("mlm:tasks");
        tasks(item.modelType()).forEach(tasks::add);
        p.put("mlm:framework", facts != null ? "ONNX" : item.framework() == null ? "unknown" : item.framework());
        int batch = emd.path("BatchSize").asInt(0);
        if (batch > 0) {
            p.put("mlm:batch_size_suggestion", batch);
        }
        p.set("mlm:input", inputs(emd, facts));
        p.set("mlm:output", outputs(item, emd, facts));
        ObjectNode model = stac.putObject("assets").putObject("model");
        model.put("href", modelHref);
        model.put("type", "application/zip");
        model.put("title", item.fileName() + " (Esri deep-learning package)");
        model.putArray("roles").add("mlm:model");
        model.put("mlm:artifact_type", facts != null ? "onnx" : "dlpk");
        // Multihash: 0x12 = SHA2-256, 0x20 = 32 bytes, then the digest.
        model.put("file:checksum", "1220" + item.sha256());
        model.put("file:size", item.size());
        ObjectNode self = stac.putArray("links").addObject();
        self.put("rel", "self").put("href", selfHref).put("type", "application/geo+json");
        return stac;
    }

    /**
     * The model definition a STAC MLM Item describes for a model file named {@code modelFileName}.
     *
     * @throws IllegalArgumentException naming what is missing or cannot be run here
     */
    public static ObjectNode definition(JsonNode stac, String modelFileName) {
        JsonNode p = stac.path("properties");
        if (!stac.isObject() || !p.isObject() || !p.has("mlm:input") || !p.has("mlm:output")) {
            throw new IllegalArgumentException("not a STAC Item with the MLM extension: properties.mlm:input and"
                    + " properties.mlm:output are required");
        }
        ObjectNode emd = JSON.createObjectNode();
        emd.put("Framework", "Onnx");
        emd.put("ModelConfiguration", p.path("mlm:architecture").asText("STAC MLM"));
        emd.put("ModelType", modelType(p.path("mlm:tasks")));
        emd.put("ModelFile", modelFileName);
        JsonNode input = p.path("mlm:input").path(0);
        JsonNode shape = input.path("input").path("shape");
        List<String> order = new ArrayList<>();
        input.path("input").path("dim_order").forEach(d -> order.add(d.asText()));
        int channel = order.indexOf("channel");
        int height = order.indexOf("height");
        if (channel < 0 || height < 0 || !shape.path(height).canConvertToInt() || shape.path(height).asInt() < 8) {
            throw new IllegalArgumentException("mlm:input[0].input needs dim_order with channel and height and a"
                    + " fixed height in shape, found " + input.path("input"));
        }
        int bands = shape.path(channel).asInt(input.path("bands").size());
        if (bands < 1) {
            throw new IllegalArgumentException("mlm:input[0] says neither a fixed channel count nor its bands");
        }
        emd.put("ImageHeight", shape.path(height).asInt());
        emd.put("ImageWidth", shape.path(height).asInt());
        ArrayNode extract = emd.putArray("ExtractBands");
        for (int b = 0; b < bands; b++) {
            extract.add(b);
        }
        scaling(emd, input.path("value_scaling"), bands);
        if (p.path("mlm:batch_size_suggestion").canConvertToInt() && p.path("mlm:batch_size_suggestion").asInt() > 0) {
            emd.put("BatchSize", p.path("mlm:batch_size_suggestion").asInt());
        }
        ArrayNode classes = emd.putArray("Classes");
        for (JsonNode c : p.path("mlm:output").path(0).path("classification:classes")) {
            int[] rgb = color(c.path("color_hint").asText(""));
            String name = c.path("description").isTextual() && !c.path("description").asText().isBlank()
                    ? c.path("description").asText() : c.path("name").asText("class " + c.path("value").asInt());
            ObjectNode entry = classes.addObject().put("Value", c.path("value").asInt()).put("Name", name);
            entry.putArray("Color").add(rgb[0]).add(rgb[1]).add(rgb[2]);
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("mlm:output[0] has no classification:classes; RasterHub needs the"
                    + " classes to name and colour results");
        }
        emd.put("ModelName", p.path("mlm:name").asText(modelFileName));
        return emd;
    }

    /**
     * The SHA-256 (hex) the item's {@code mlm:model} asset declares in {@code file:checksum}, if it is a
     * SHA2-256 multihash.
     */
    public static java.util.Optional<String> modelSha256(JsonNode stac) {
        for (JsonNode asset : stac.path("assets")) {
            boolean model = false;
            for (JsonNode role : asset.path("roles")) {
                model |= "mlm:model".equals(role.asText());
            }
            String checksum = asset.path("file:checksum").asText("").toLowerCase(Locale.ROOT);
            if (model && checksum.startsWith("1220") && checksum.length() == 68) {
                return java.util.Optional.of(checksum.substring(4));
            }
        }
        return java.util.Optional.empty();
    }

    private static String modelType(JsonNode tasks) {
        List<String> all = new ArrayList<>();
        tasks.forEach(t -> all.add(t.asText()));
        if (all.contains("semantic-segmentation") || all.contains("segmentation")) {
            return "ImageClassification";
        }
        if (all.contains("object-detection") || all.contains("detection")) {
            return "ObjectDetection";
        }
        if (all.contains("classification") || all.contains("scene-classification")) {
            return "ObjectClassification";
        }
        throw new IllegalArgumentException("mlm:tasks " + all + " name no tool RasterHub runs (semantic-segmentation,"
                + " object-detection, classification)");
    }

    // The inverse of valueScaling: z-score as standardised statistics over [0, 1], min-max as band statistics.
    private static void scaling(ObjectNode emd, JsonNode scaling, int bands) {
        if (!scaling.isArray() || scaling.size() != bands) {
            return;
        }
        boolean zScore = "z-score".equals(scaling.path(0).path("type").asText());
        ObjectNode stats = JSON.createObjectNode();
        ArrayNode min = stats.putArray("band_min_values");
        ArrayNode max = stats.putArray("band_max_values");
        ArrayNode mean = zScore ? stats.putArray("scaled_mean_values") : null;
        ArrayNode std = zScore ? stats.putArray("scaled_std_values") : null;
        for (JsonNode band : scaling) {
            String type = band.path("type").asText();
            if (zScore && type.equals("z-score") && band.path("stddev").asDouble() > 0) {
                min.add(0);
                max.add(1);
                mean.add(band.path("mean").asDouble());
                std.add(band.path("stddev").asDouble());
            } else if (!zScore && type.equals("min-max")
                    && band.path("maximum").asDouble() > band.path("minimum").asDouble()) {
                min.add(band.path("minimum").asDouble());
                max.add(band.path("maximum").asDouble());
            } else {
                throw new IllegalArgumentException("value_scaling mixes kinds or has one RasterHub does not apply ("
                        + band + "); supported: min-max or z-score for every band");
            }
        }
        emd.set("NormalizationStats", stats);
        if (!zScore) {
            emd.put("DoNormalize", false);
        }
    }

    private static int[] color(String hex) {
        if (hex.matches("[0-9A-Fa-f]{6}")) {
            int rgb = Integer.parseInt(hex, 16);
            return new int[] {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
        }
        return new int[] {128, 128, 128};
    }

    private static List<String> tasks(String modelType) {
        return switch (modelType) {
            case "ImageClassification" -> List.of("semantic-segmentation");
            case "ObjectDetection" -> List.of("object-detection");
            case "ObjectClassification" -> List.of("classification");
            case "ChangeDetection" -> List.of("segmentation");
            default -> List.of("classification");
        };
    }

    private static ArrayNode inputs(JsonNode emd, OnnxModelFacts facts) {
        ArrayNode inputs = JSON.createArrayNode();
        ObjectNode input = inputs.addObject();
        List<Integer> bands = new ArrayList<>();
        emd.path("ExtractBands").forEach(b -> bands.add(b.asInt()));
        int tile = emd.path("ImageHeight").asInt(256);
        input.put("name", facts != null && !facts.inputs().isEmpty() ? facts.inputs().get(0).name() : "image");
        ArrayNode bandList = input.putArray("bands");
        bands.forEach(b -> bandList.add("band_" + (b + 1)));
        ObjectNode structure = input.putObject("input");
        boolean channelsLast = facts != null && !facts.inputs().isEmpty() && bands.size() > 0
                && org.rasterhub.runner.contract.ContractAdaptedModel.channelsLast(facts.inputs().get(0), bands.size());
        ArrayNode shape = structure.putArray("shape").add(-1);
        ArrayNode order = structure.putArray("dim_order").add("batch");
        if (channelsLast) {
            shape.add(tile).add(tile).add(bands.size());
            order.add("height").add("width").add("channel");
        } else {
            shape.add(bands.size()).add(tile).add(tile);
            order.add("channel").add("height").add("width");
        }
        structure.put("data_type", "float32");
        ArrayNode scaling = valueScaling(emd, bands);
        if (scaling != null) {
            input.set("value_scaling", scaling);
        }
        return inputs;
    }

    // One entry per band: NormalizationStats as the z-score they amount to, DataRange [0, 1] as 8-bit min-max.
    private static ArrayNode valueScaling(JsonNode emd, List<Integer> bands) {
        JsonNode stats = emd.path("NormalizationStats");
        ArrayNode scaling = JSON.createArrayNode();
        if (stats.isObject() && stats.path("band_min_values").isArray() && stats.path("band_max_values").isArray()) {
            boolean standardise = !(emd.path("DoNormalize").isBoolean() || emd.path("DoNormalize").isIntegralNumber())
                    || emd.path("DoNormalize").asInt() != 0;
            for (int b : bands) {
                double min = stats.path("band_min_values").path(b).asDouble(Double.NaN);
                double max = stats.path("band_max_values").path(b).asDouble(Double.NaN);
                double mean = stats.path("scaled_mean_values").path(b).asDouble(Double.NaN);
                double std = stats.path("scaled_std_values").path(b).asDouble(Double.NaN);
                if (!(max > min)) {
                    return null;
                }
                if (standardise && std > 0) {
                    // ((v - min) / (max - min) - mean) / std = (v - (min + mean (max - min))) / (std (max - min))
                    scaling.addObject().put("type", "z-score").put("mean", min + mean * (max - min))
                            .put("stddev", std * (max - min));
                } else {
                    scaling.addObject().put("type", "min-max").put("minimum", min).put("maximum", max);
                }
            }
            return scaling;
        }
        JsonNode range = emd.path("DataRange");
        if (range.isArray() && range.size() == 2 && range.get(0).asDouble() == 0 && range.get(1).asDouble() == 1) {
            bands.forEach(b -> scaling.addObject().put("type", "min-max").put("minimum", 0).put("maximum", 255));
            return scaling;
        }
        return null;
    }

    private static ArrayNode outputs(ItemDetails item, JsonNode emd, OnnxModelFacts facts) {
        ArrayNode outputs = JSON.createArrayNode();
        ObjectNode output = outputs.addObject();
        output.put("name", facts != null && !facts.outputs().isEmpty() ? facts.outputs().get(0).name() : "output");
        ArrayNode tasks = output.putArray("tasks");
        tasks(item.modelType()).forEach(tasks::add);
        ObjectNode result = output.putObject("result");
        ArrayNode shape = result.putArray("shape");
        ArrayNode order = result.putArray("dim_order");
        if (facts != null && !facts.outputs().isEmpty() && facts.outputs().get(0).shape() != null) {
            List<OnnxModelFacts.Dimension> dims = facts.outputs().get(0).shape();
            for (int d = 0; d < dims.size(); d++) {
                shape.add(dims.get(d).fixed() && d > 0 ? dims.get(d).size() : -1);
            }
            List<String> names = dims.size() == 4 ? List.of("batch", "channel", "height", "width")
                    : dims.size() == 3 ? List.of("batch", "height", "width") : null;
            for (int d = 0; d < dims.size(); d++) {
                order.add(names != null ? names.get(d) : d == 0 ? "batch" : "dim_" + d);
            }
            result.put("data_type", dataType(facts.outputs().get(0).elementType()));
        } else {
            shape.add(-1);
            order.add("batch");
            result.put("data_type", "float32");
        }
        ArrayNode classes = output.putArray("classification:classes");
        for (ClassInfo c : item.classes()) {
            ObjectNode entry = classes.addObject().put("value", c.value()).put("name", className(c.name()))
                    .put("description", c.name());
            entry.put("color_hint", String.format(Locale.ROOT, "%02X%02X%02X", c.color().get(0), c.color().get(1),
                    c.color().get(2)));
        }
        return outputs;
    }

    private static String dataType(String onnxType) {
        return switch (onnxType) {
            case "float" -> "float32";
            case "double" -> "float64";
            case "int64", "int32", "int16", "int8", "uint8", "uint16", "uint32", "uint64", "float16" -> onnxType;
            default -> "other";
        };
    }

    // classification:classes names allow letters, digits, '-' and '_' only; the description keeps the original.
    static String className(String name) {
        String cleaned = name.trim().replaceAll("[^0-9A-Za-z_-]+", "_");
        return cleaned.isEmpty() ? "class" : cleaned;
    }

    // mlm:name: a letter first, a letter or digit last, letters, digits, '_', '.', '-' between.
    static String mlmName(String title) {
        String cleaned = title.replaceAll("[^A-Za-z0-9_.-]+", "_").replaceAll("^[^A-Za-z]+", "")
                .replaceAll("[^A-Za-z0-9]+$", "");
        return cleaned.length() < 3 ? "model_" + cleaned + "x" : cleaned;
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }
}
