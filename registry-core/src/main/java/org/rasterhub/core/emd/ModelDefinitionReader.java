package org.rasterhub.core.emd;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.rasterhub.core.emd.EmdSchema.Finding;

/**
 * Reads an {@code .emd} into a {@link ModelDefinition}, collecting every problem before failing:
 * those of the JSON Schema ({@link EmdSchema}), those of the keys read here, and cross-checks no
 * schema can express (class values unique, bands listed once and within {@code Bands}). Stateless
 * and thread-safe.
 */
public final class ModelDefinitionReader {
    /** A real .emd is a few kilobytes; this leaves room for long class tables. */
    public static final int MAX_EMD_BYTES = 4 << 20;
    /** Problems listed for one file; a broken generator can produce thousands of the same kind. */
    public static final int MAX_PROBLEMS = 100;

    private final EmdSchema schema;

    /** A reader checking against the schema packaged with RasterHub. */
    public ModelDefinitionReader() {
        this(EmdSchema.standard());
    }

    public ModelDefinitionReader(EmdSchema schema) {
        this.schema = schema;
    }

    /**
     * @throws InvalidModelDefinitionException with every problem, in file order, one per value
     */
    public ModelDefinition read(byte[] utf8) throws InvalidModelDefinitionException {
        return read(utf8, null);
    }

    /**
     * Reads and also checks that the files the definition names (ModelFile, ModelFiles, a path-like
     * InferenceFunction) are in the package.
     *
     * @param files the package's files, or null to skip those checks
     * @throws InvalidModelDefinitionException with every problem, in file order, one per value
     */
    public ModelDefinition read(byte[] utf8, PackageFiles files) throws InvalidModelDefinitionException {
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
        Checks checks = new Checks(json);

        String modelType = null;
        JsonNode type = root.get("ModelType");
        if (type == null) {
            checks.missing("", "ModelType");
        } else if (!type.isTextual() || type.asText().isBlank()) {
            checks.add("/ModelType", "expected a non-empty string, found " + describe(type));
        } else {
            modelType = type.asText();
        }

        Optional<String> framework = optionalString(checks, "Framework");
        Optional<String> modelFile = optionalString(checks, "ModelFile");
        Optional<String> inferenceFunction = optionalString(checks, "InferenceFunction");
        Optional<String> configuration = modelConfiguration(checks);
        List<ModelClass> classes = classes(checks);
        List<ExtractBand> extractBands = extractBands(checks);
        checkDataRange(checks);
        if (files != null) {
            checkNamedFiles(checks, files);
        }

        List<EmdProblem> problems = checks.mergedWith(schema.findings(json));
        if (!problems.isEmpty()) {
            throw new InvalidModelDefinitionException(problems);
        }
        return new ModelDefinition(modelType, framework, configuration, modelFile, inferenceFunction,
                positiveInt(root.get("ImageHeight")), positiveInt(root.get("ImageWidth")), extractBands,
                classes, root);
    }

    /** A package that fails late because its weights are missing is ArcGIS users' top complaint. */
    private static void checkNamedFiles(Checks checks, PackageFiles files) {
        JsonNode root = checks.json.root();
        JsonNode modelFile = root.get("ModelFile");
        if (modelFile != null && modelFile.isTextual() && !isCurrentFolder(modelFile.asText())) {
            checkInPackage(checks, "/ModelFile", modelFile.asText(), files);
        }
        JsonNode modelFiles = root.get("ModelFiles");
        if (modelFiles != null && modelFiles.isArray()) {
            for (int i = 0; i < modelFiles.size(); i++) {
                JsonNode each = modelFiles.get(i);
                if (each.isTextual()) {
                    checkInPackage(checks, "/ModelFiles/" + i, each.asText(), files);
                }
            }
        }
        // "[Functions]System\DeepLearning\..." names a raster function built into ArcGIS, not a file.
        JsonNode function = root.get("InferenceFunction");
        if (function != null && function.isTextual() && !function.asText().startsWith("[")
                && function.asText().toLowerCase(java.util.Locale.ROOT).endsWith(".py")) {
            checkInPackage(checks, "/InferenceFunction", function.asText(), files);
        }
    }

    // A path that leaves the package is an error of its own, never quietly clamped to the root.
    private static void checkInPackage(Checks checks, String pointer, String path, PackageFiles files) {
        if (files.leavesPackage(path)) {
            checks.add(pointer, "\"" + shorten(path) + "\" leaves the package; " + pointer.substring(1)
                    + " must name a file inside it, relative to the .emd");
        } else if (!files.contains(path)) {
            checks.add(pointer, notInPackage(path, files));
        }
    }

    private static String shorten(String path) {
        return path.length() > 80 ? path.substring(0, 77) + "..." : path;
    }

    private static boolean isCurrentFolder(String path) {
        String p = path.replace('\\', '/').strip();
        return p.isEmpty() || p.equals(".") || p.equals("./");
    }

    private static String notInPackage(String path, PackageFiles files) {
        return "\"" + shorten(path) + "\" is not in the package (files: "
                + files.listing() + ")";
    }

    private static Optional<String> optionalString(Checks checks, String key) {
        JsonNode node = checks.json.root().get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            checks.add("/" + key, "expected a string, found " + describe(node));
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    /** Real files write ModelConfiguration as a name or as an object {Name, Architecture, Config}. */
    private static Optional<String> modelConfiguration(Checks checks) {
        JsonNode node = checks.json.root().get("ModelConfiguration");
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
            checks.add(name == null ? "/ModelConfiguration" : "/ModelConfiguration/Name", "/ModelConfiguration/Name",
                    "expected a string \"Name\" in the ModelConfiguration object");
            return Optional.empty();
        }
        checks.add("/ModelConfiguration",
                "expected a string or an object with \"Name\", found " + describe(node));
        return Optional.empty();
    }

    private static List<ModelClass> classes(Checks checks) {
        JsonNode node = checks.json.root().get("Classes");
        List<ModelClass> classes = new ArrayList<>();
        if (node == null || node.isNull()) {
            return classes;
        }
        if (!node.isArray()) {
            checks.add("/Classes", "expected an array of classes, found " + describe(node));
            return classes;
        }
        Map<Integer, Integer> firstIndexOfValue = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "/Classes/" + i;
            JsonNode entry = node.get(i);
            if (!entry.isObject()) {
                checks.add(at, "expected an object {Value, Name, Color}, found " + describe(entry));
                continue;
            }
            JsonNode value = entry.get("Value");
            JsonNode name = entry.get("Name");
            JsonNode color = entry.get("Color");
            int before = checks.count();
            OptionalInt intValue = intValue(value);
            if (intValue.isEmpty()) {
                checks.add(value == null ? at : at + "/Value", at + "/Value",
                        "expected an integer \"Value\", found " + describe(value));
            }
            // Names are sometimes numbers in real files ("Name": 1); keep them as text.
            if (name == null || !(name.isTextual() || name.isNumber())) {
                checks.add(name == null ? at : at + "/Name", at + "/Name",
                        "expected a string \"Name\", found " + describe(name));
            }
            int[] rgb = rgb(checks, at + "/Color", color);
            if (checks.count() != before) {
                continue;
            }
            Integer first = firstIndexOfValue.putIfAbsent(intValue.getAsInt(), i);
            if (first != null) {
                checks.add(at + "/Value", "class value " + intValue.getAsInt() + " is already used by /Classes/"
                        + first + " (" + describe(node.get(first).get("Name")) + "); each class needs its own value");
                continue;
            }
            classes.add(new ModelClass(intValue.getAsInt(), name.asText(), rgb[0], rgb[1], rgb[2]));
        }
        return classes;
    }

    private static int[] rgb(Checks checks, String at, JsonNode color) {
        if (color == null) {
            return new int[] {128, 128, 128}; // a class without a colour still draws, in grey
        }
        boolean valid = color.isArray() && color.size() == 3;
        for (int c = 0; valid && c < 3; c++) {
            OptionalInt channel = intValue(color.get(c));
            valid = channel.isPresent() && channel.getAsInt() >= 0 && channel.getAsInt() <= 255;
        }
        if (!valid) {
            checks.add(at, "expected 3 integers 0-255, found " + describe(color));
            return null;
        }
        return new int[] {color.get(0).asInt(), color.get(1).asInt(), color.get(2).asInt()};
    }

    /**
     * Bands are all indexes or all names, each listed once, and indexes fall inside {@code Bands}
     * when the file lists the training bands. Shapes (an array, indexes of 0 or more) are the
     * schema's to report; what it rejects is left out here.
     */
    private static List<ExtractBand> extractBands(Checks checks) {
        JsonNode node = checks.json.root().get("ExtractBands");
        List<ExtractBand> bands = new ArrayList<>();
        if (node == null || !node.isArray()) {
            return bands;
        }
        JsonNode declared = checks.json.root().get("Bands");
        int bandCount = declared != null && declared.isArray() && !declared.isEmpty() ? declared.size() : -1;
        Map<ExtractBand, Integer> firstIndex = new HashMap<>();
        ExtractBand firstKind = null;
        for (int i = 0; i < node.size(); i++) {
            String at = "/ExtractBands/" + i;
            JsonNode item = node.get(i);
            ExtractBand band;
            OptionalInt index = intValue(item);
            if (index.isPresent() && index.getAsInt() >= 0) {
                band = new ExtractBand.Index(index.getAsInt());
            } else if (item.isTextual() && !item.asText().isEmpty()) {
                band = new ExtractBand.Name(item.asText());
            } else {
                continue; // the schema says what is wrong with it
            }
            if (firstKind == null) {
                firstKind = band;
            } else if (firstKind.getClass() != band.getClass()) {
                String kind = firstKind instanceof ExtractBand.Index ? "a band index" : "a band name";
                checks.add(at, "expected " + kind + " like the first entry, found " + describe(item)
                        + "; list bands all by index or all by name");
                continue;
            }
            Integer first = firstIndex.putIfAbsent(band, i);
            if (first != null) {
                checks.add(at, "band " + band + " is already listed at /ExtractBands/" + first);
                continue;
            }
            if (band instanceof ExtractBand.Index bandIndex && bandCount > 0 && bandIndex.value() >= bandCount) {
                checks.add(at, "band index " + bandIndex.value() + " is out of range: \"Bands\" lists " + bandCount
                        + " band" + (bandCount == 1 ? "" : "s") + " (indexes 0-" + (bandCount - 1) + ")");
                continue;
            }
            bands.add(band);
        }
        return bands;
    }

    private static void checkDataRange(Checks checks) {
        JsonNode range = checks.json.root().get("DataRange");
        if (range != null && range.isArray() && range.size() == 2 && range.get(0).isNumber()
                && range.get(1).isNumber() && range.get(0).decimalValue().compareTo(range.get(1).decimalValue()) >= 0) {
            checks.add("/DataRange", "expected [min, max] with min below max, found " + describe(range));
        }
    }

    private static OptionalInt positiveInt(JsonNode node) {
        OptionalInt value = intValue(node);
        return value.isPresent() && value.getAsInt() > 0 ? value : OptionalInt.empty();
    }

    /** A whole number that fits an int (256 or 256.0, as JSON Schema counts integers), else empty. */
    static OptionalInt intValue(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return OptionalInt.empty();
        }
        try {
            BigDecimal decimal = node.decimalValue();
            return OptionalInt.of(decimal.intValueExact());
        } catch (ArithmeticException notAWholeInt) {
            return OptionalInt.empty();
        }
    }

    /** The offending value for a message, cut short: never a whole payload. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** The problems found here, each with the pointer it is about, to be merged with the schema's. */
    private static final class Checks {
        final LocatedJson json;
        private final List<Finding> findings = new ArrayList<>();

        Checks(LocatedJson json) {
            this.json = json;
        }

        void add(String pointer, String message) {
            add(pointer, pointer, message);
        }

        /** A problem shown at {@code pointer} about the value at {@code subject} (which may be missing). */
        void add(String pointer, String subject, String message) {
            findings.add(new Finding(subject, 0, json.problemAt(pointer, message)));
        }

        void missing(String objectPointer, String key) {
            add(objectPointer, objectPointer + "/" + key, "the required key \"" + key + "\" is missing");
        }

        int count() {
            return findings.size();
        }

        /**
         * Every problem once, in file order, at most {@link #MAX_PROBLEMS}. Where the schema and a check
         * here speak about the same value (or one inside the other, such as /Classes/1/Color and
         * /Classes/1/Color/2), the check here is kept: its words know the domain.
         */
        List<EmdProblem> mergedWith(List<Finding> schemaFindings) {
            Set<String> subjects = new HashSet<>();
            Set<String> enclosing = new HashSet<>(); // every pointer above a subject
            Set<EmdProblem> problems = new LinkedHashSet<>();
            for (Finding finding : findings) {
                problems.add(finding.problem());
                subjects.add(finding.subject());
                for (String p = parent(finding.subject()); p != null; p = parent(p)) {
                    enclosing.add(p);
                }
            }
            for (Finding finding : schemaFindings) {
                boolean related = enclosing.contains(finding.subject());
                for (String p = finding.subject(); p != null && !related; p = parent(p)) {
                    related = subjects.contains(p);
                }
                if (!related) {
                    problems.add(finding.problem());
                }
            }
            List<EmdProblem> sorted = problems.stream().sorted(EmdProblem.IN_FILE_ORDER).toList();
            if (sorted.size() <= MAX_PROBLEMS) {
                return sorted;
            }
            List<EmdProblem> shown = new ArrayList<>(sorted.subList(0, MAX_PROBLEMS));
            shown.add(new EmdProblem("", null, null, (sorted.size() - MAX_PROBLEMS)
                    + " more problems are not listed; fix these and upload again to see them"));
            return shown;
        }

        private static String parent(String pointer) {
            return pointer.isEmpty() ? null : pointer.substring(0, pointer.lastIndexOf('/'));
        }
    }
}
