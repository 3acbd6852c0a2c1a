package org.rasterhub.core.emd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an {@code .emd} into a {@link ModelDefinition}, collecting every problem before failing.
 * Stateless and thread-safe.
 */
public final class ModelDefinitionReader {
    /** A real .emd is a few kilobytes; this leaves room for long class tables. */
    public static final int MAX_EMD_BYTES = 4 << 20;

    public ModelDefinition read(byte[] utf8) throws InvalidModelDefinitionException {
        if (utf8.length > MAX_EMD_BYTES) {
            throw new InvalidModelDefinitionException(List.of(new EmdProblem("", null, null,
                    "the file has " + utf8.length + " bytes; the limit is " + MAX_EMD_BYTES)));
        }
        LocatedJson json = LocatedJson.parse(utf8);
        JsonNode root = json.root();
        if (!root.isObject()) {
            throw new InvalidModelDefinitionException(List.of(
                    json.problemAt("", "expected a JSON object, found " + describe(root))));
        }
        List<EmdProblem> problems = new ArrayList<>();

        String modelType = null;
        JsonNode type = root.get("ModelType");
        if (type == null) {
            problems.add(json.problemAt("", "the required key \"ModelType\" is missing"));
        } else if (!type.isTextual() || type.asText().isBlank()) {
            problems.add(json.problemAt("/ModelType", "expected a non-empty string, found " + describe(type)));
        } else {
            modelType = type.asText();
        }

        Optional<String> framework = optionalString(json, "Framework", problems);
        Optional<String> modelFile = optionalString(json, "ModelFile", problems);
        Optional<String> configuration = modelConfiguration(json, problems);
        List<ModelClass> classes = classes(json, problems);

        if (!problems.isEmpty()) {
            throw new InvalidModelDefinitionException(problems);
        }
        return new ModelDefinition(modelType, framework, configuration, modelFile, classes, root);
    }

    private static Optional<String> optionalString(LocatedJson json, String key, List<EmdProblem> problems) {
        JsonNode node = json.root().get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problems.add(json.problemAt("/" + key, "expected a string, found " + describe(node)));
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    /** Real files write ModelConfiguration as a name or as an object {Name, Architecture, Config}. */
    private static Optional<String> modelConfiguration(LocatedJson json, List<EmdProblem> problems) {
        JsonNode node = json.root().get("ModelConfiguration");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.asText());
        }
        if (node.isObject()) {
            JsonNode name = node.get("Name");
            if (name != null && name.isTextual()) {
                return Optional.of(name.asText());
            }
            problems.add(json.problemAt(name == null ? "/ModelConfiguration" : "/ModelConfiguration/Name",
                    "expected a string \"Name\" in the ModelConfiguration object"));
            return Optional.empty();
        }
        problems.add(json.problemAt("/ModelConfiguration",
                "expected a string or an object with \"Name\", found " + describe(node)));
        return Optional.empty();
    }

    private static List<ModelClass> classes(LocatedJson json, List<EmdProblem> problems) {
        JsonNode node = json.root().get("Classes");
        List<ModelClass> classes = new ArrayList<>();
        if (node == null || node.isNull()) {
            return classes;
        }
        if (!node.isArray()) {
            problems.add(json.problemAt("/Classes", "expected an array of classes, found " + describe(node)));
            return classes;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = "/Classes/" + i;
            JsonNode entry = node.get(i);
            if (!entry.isObject()) {
                problems.add(json.problemAt(at, "expected an object {Value, Name, Color}, found " + describe(entry)));
                continue;
            }
            JsonNode value = entry.get("Value");
            JsonNode name = entry.get("Name");
            JsonNode color = entry.get("Color");
            int before = problems.size();
            if (value == null || !value.canConvertToInt()) {
                problems.add(json.problemAt(value == null ? at : at + "/Value",
                        "expected an integer \"Value\", found " + describe(value)));
            }
            // Names are sometimes numbers in real files ("Name": 1); keep them as text.
            if (name == null || !(name.isTextual() || name.isNumber())) {
                problems.add(json.problemAt(name == null ? at : at + "/Name",
                        "expected a string \"Name\", found " + describe(name)));
            }
            int[] rgb = rgb(json, at + "/Color", color, problems);
            if (problems.size() == before) {
                classes.add(new ModelClass(value.asInt(), name.asText(), rgb[0], rgb[1], rgb[2]));
            }
        }
        return classes;
    }

    private static int[] rgb(LocatedJson json, String at, JsonNode color, List<EmdProblem> problems) {
        if (color == null) {
            return new int[] {128, 128, 128}; // a class without a colour still draws, in grey
        }
        boolean valid = color.isArray() && color.size() == 3;
        for (int c = 0; valid && c < 3; c++) {
            JsonNode channel = color.get(c);
            valid = channel.canConvertToInt() && channel.asInt() >= 0 && channel.asInt() <= 255;
        }
        if (!valid) {
            problems.add(json.problemAt(at, "expected 3 integers 0-255, found " + describe(color)));
            return null;
        }
        return new int[] {color.get(0).asInt(), color.get(1).asInt(), color.get(2).asInt()};
    }

    /** The offending value for a message, cut short: never a whole payload. */
    static String describe(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
