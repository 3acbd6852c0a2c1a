package org.rasterhub.core.emd;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.DisallowSchemaLoader;
import com.networknt.schema.resource.InputStreamSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * The JSON Schema of the {@code .emd} ({@code schemas/emd.schema.json}, packaged on the class path),
 * loaded once, with messages rewritten for the people who fix the files.
 *
 * <p>No schema is ever fetched from the network or the file system: only RasterHub's own schemas
 * (from the class path) and the JSON Schema 2020-12 meta-schemas bundled in the validator can be
 * loaded; any other {@code $ref} or {@code $schema} fails while the schema is built. A {@code $ref}
 * inside an {@code .emd} is plain data and is never resolved.
 *
 * <p>Instances are immutable and thread-safe; share one.
 */
public final class EmdSchema {
    /** The schema's identifier; nothing is ever fetched from it. */
    public static final String ID = "https://rasterhub.org/schemas/emd.schema.json";
    /** Class-path folder of RasterHub's schemas (registry-core's pom copies them from ../schemas). */
    static final String RESOURCE_FOLDER = "org/rasterhub/schemas/";
    /** Annotation in the schema: how to describe what belongs under it when a value there is wrong. */
    static final String EXPECTED_KEYWORD = "x-expected";

    private static final String ID_BASE = ID.substring(0, ID.lastIndexOf('/') + 1);
    private static final Pattern SCHEMA_FILE = Pattern.compile("[a-z0-9-]+\\.schema\\.json");
    /** What the validator maps https://json-schema.org/draft/2020-12/... to: its own bundled copies. */
    private static final String BUNDLED_META_SCHEMAS = "classpath:draft/2020-12/";
    private static final int MAX_LISTED_VALUES = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonSchema schema;
    private final JsonNode schemaDocument;

    private EmdSchema(JsonSchema schema, JsonNode schemaDocument) {
        this.schema = schema;
        this.schemaDocument = schemaDocument;
    }

    /** The schema packaged with RasterHub; loaded on first use. */
    public static EmdSchema standard() {
        return Standard.INSTANCE;
    }

    /**
     * A schema given as text, loaded with the same restrictions as the standard one; for tests.
     *
     * @throws IllegalArgumentException when the schema is not valid or refers to a schema that may
     *                                  not be loaded (anything remote)
     */
    static EmdSchema fromText(String schemaJson) {
        try {
            JsonNode document = JSON.readTree(schemaJson);
            return new EmdSchema(initialized(factory().getSchema(document, config())), document);
        } catch (IOException e) {
            throw new IllegalArgumentException("the schema is not valid JSON: " + e.getMessage(), e);
        } catch (JsonSchemaException e) {
            throw new IllegalArgumentException("the schema cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a parsed {@code .emd} against the schema.
     *
     * @return every problem, located in the file; empty when the document conforms
     */
    public List<EmdProblem> validate(LocatedJson json) {
        return findings(json).stream().map(Finding::problem).sorted(EmdProblem.IN_FILE_ORDER).toList();
    }

    /** Problems with what each is about, one per subject: the clearest when a value breaks several rules. */
    List<Finding> findings(LocatedJson json) {
        List<Finding> all = new ArrayList<>();
        for (ValidationMessage message : schema.validate(json.root())) {
            all.add(explain(json, message));
        }
        all.sort(Comparator.comparingInt(Finding::rank));
        Set<String> subjects = new HashSet<>();
        List<Finding> findings = new ArrayList<>();
        for (Finding finding : all) {
            if (subjects.add(finding.subject())) {
                findings.add(finding);
            }
        }
        return findings;
    }

    /**
     * A problem and what it is about: the pointer of the wrong value, or of the missing key.
     *
     * @param rank lower wins when several rules fail for one subject ("expected a string" beats "unknown")
     */
    record Finding(String subject, int rank, EmdProblem problem) {
    }

    private Finding explain(LocatedJson json, ValidationMessage message) {
        String keyword = message.getType();
        String pointer = pointer(message.getInstanceLocation());
        Expected expected = expected(message);
        if (expected != null) {
            pointer = ancestor(pointer, expected.levelsBelow());
            JsonNode value = json.root().at(pointer);
            return new Finding(pointer, 0, json.problemAt(pointer,
                    "expected " + expected.text() + ", found " + ModelDefinitionReader.describe(value)));
        }
        JsonNode value = message.getInstanceNode();
        JsonNode rule = message.getSchemaNode();
        String found = ModelDefinitionReader.describe(value);
        switch (keyword) {
            case "required": {
                String key = message.getProperty();
                return new Finding(pointer + "/" + escape(key), 0,
                        json.problemAt(pointer, "the required key \"" + key + "\" is missing"));
            }
            case "type":
                return new Finding(pointer, 0, json.problemAt(pointer,
                        "expected " + typeNames(rule) + ", found " + found));
            case "enum":
                return new Finding(pointer, 1, json.problemAt(pointer, enumMessage(pointer, value, rule)));
            case "const":
                return new Finding(pointer, 1, json.problemAt(pointer,
                        "expected " + ModelDefinitionReader.describe(rule) + ", found " + found));
            case "minimum":
                return new Finding(pointer, 1, json.problemAt(pointer,
                        "expected " + rule.asText() + " or more, found " + found));
            case "maximum":
                return new Finding(pointer, 1, json.problemAt(pointer,
                        "expected " + rule.asText() + " or less, found " + found));
            case "exclusiveMinimum":
                return new Finding(pointer, 1, json.problemAt(pointer,
                        "expected more than " + rule.asText() + ", found " + found));
            case "exclusiveMaximum":
                return new Finding(pointer, 1, json.problemAt(pointer,
                        "expected less than " + rule.asText() + ", found " + found));
            case "minItems":
                return new Finding(pointer, 1, json.problemAt(pointer, "expected at least " + count(rule, "item")
                        + ", found " + count(value.size(), "item") + ": " + found));
            case "maxItems":
                return new Finding(pointer, 1, json.problemAt(pointer, "expected at most " + count(rule, "item")
                        + ", found " + count(value.size(), "item") + ": " + found));
            case "minLength":
                return new Finding(pointer, 1, json.problemAt(pointer, rule.asInt() == 1
                        ? "expected a non-empty string, found " + found
                        : "expected at least " + count(rule, "character") + ", found " + found));
            case "maxLength":
                return new Finding(pointer, 1, json.problemAt(pointer,
                        "expected at most " + count(rule, "character") + ", found " + found));
            case "pattern":
                return new Finding(pointer, 1, json.problemAt(pointer,
                        "expected text matching " + rule.asText() + ", found " + found));
            case "uniqueItems":
                return new Finding(pointer, 1, json.problemAt(pointer, "expected no repeated items, found " + found));
            default:
                // A keyword this schema does not use today: keep the validator's words, minus its path.
                String text = message.getMessage();
                int colon = text.indexOf(": ");
                return new Finding(pointer, 2, json.problemAt(pointer,
                        colon >= 0 && text.startsWith(message.getInstanceLocation().toString())
                                ? text.substring(colon + 2) : text));
        }
    }

    /** {@code unknown ModelType "Unet"; expected one of ...}, with a hint when only the case differs. */
    private static String enumMessage(String pointer, JsonNode value, JsonNode allowed) {
        String key = pointer.substring(pointer.lastIndexOf('/') + 1);
        String subject = key.isEmpty() || key.chars().allMatch(Character::isDigit) ? "value" : key;
        List<String> names = StreamSupport.stream(allowed.spliterator(), false)
                .map(v -> v.isTextual() ? v.asText() : v.toString())
                .toList();
        String listed = names.size() <= MAX_LISTED_VALUES
                ? String.join(", ", names)
                : String.join(", ", names.subList(0, MAX_LISTED_VALUES)) + ", ...";
        String message = "unknown " + subject + " " + ModelDefinitionReader.describe(value)
                + "; expected one of " + listed;
        if (value != null && value.isTextual()) {
            String lower = value.asText().toLowerCase(Locale.ROOT);
            for (String name : names) {
                if (name.toLowerCase(Locale.ROOT).equals(lower)) {
                    return message + " (did you mean \"" + name + "\"? case matters)";
                }
            }
        }
        return message;
    }

    private static String typeNames(JsonNode type) {
        if (type == null) {
            return "another type";
        }
        if (!type.isArray()) {
            return typeName(type.asText());
        }
        List<String> names = new ArrayList<>();
        type.forEach(t -> names.add(typeName(t.asText())));
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String typeName(String type) {
        return switch (type) {
            case "integer" -> "an integer";
            case "number" -> "a number";
            case "string" -> "a string";
            case "object" -> "an object";
            case "array" -> "an array";
            case "boolean" -> "true or false";
            case "null" -> "null";
            default -> type;
        };
    }

    private static String count(JsonNode n, String noun) {
        return count(n.asInt(), noun);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** An {@value #EXPECTED_KEYWORD} annotation and how many levels the failing value lies below it. */
    private record Expected(String text, int levelsBelow) {
    }

    /**
     * The nearest {@value #EXPECTED_KEYWORD} annotation above the failing rule in our schema, or null.
     * Each {@code items} or {@code properties/<name>} step between the annotation and the failing
     * keyword goes one level down into the value, so the problem is moved up that many levels.
     */
    private Expected expected(ValidationMessage message) {
        SchemaLocation location = message.getSchemaLocation();
        if (location == null || !ID.equals(String.valueOf(location.getAbsoluteIri()))) {
            return null;
        }
        List<String> segments = segments(location.getFragment());
        for (int end = segments.size(); end >= 0; end--) {
            JsonNode annotation = schemaDocument.at(toPointer(segments.subList(0, end))).get(EXPECTED_KEYWORD);
            if (annotation != null && annotation.isTextual()) {
                // The last segment is the failing keyword itself, never a step into the value.
                List<String> between = segments.subList(end, Math.max(end, segments.size() - 1));
                return new Expected(annotation.asText(), levels(between));
            }
        }
        return null;
    }

    private static int levels(List<String> schemaPath) {
        int levels = 0;
        for (int i = 0; i < schemaPath.size(); i++) {
            switch (schemaPath.get(i)) {
                case "properties", "patternProperties", "prefixItems" -> {
                    levels++;
                    i++; // the name, pattern or index that follows
                }
                case "items", "additionalProperties", "contains", "unevaluatedItems", "unevaluatedProperties" ->
                        levels++;
                case "$defs", "allOf", "anyOf", "oneOf", "dependentSchemas" -> i++;
                default -> {
                    // not, if, then, else, $ref targets: same value
                }
            }
        }
        return levels;
    }

    private static String ancestor(String pointer, int levels) {
        String result = pointer;
        for (int i = 0; i < levels && !result.isEmpty(); i++) {
            result = result.substring(0, result.lastIndexOf('/'));
        }
        return result;
    }

    private static List<String> segments(JsonNodePath path) {
        List<String> segments = new ArrayList<>();
        if (path != null) {
            for (int i = 0; i < path.getNameCount(); i++) {
                segments.add(String.valueOf(path.getElement(i)));
            }
        }
        return segments;
    }

    private static JsonPointer toPointer(List<String> segments) {
        JsonPointer pointer = JsonPointer.empty();
        for (String segment : segments) {
            pointer = pointer.appendProperty(segment);
        }
        return pointer;
    }

    /** The instance location as the JSON pointer {@link LocatedJson} keys its locations by. */
    private static String pointer(JsonNodePath path) {
        JsonPointer pointer = JsonPointer.empty();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            pointer = element instanceof Integer index
                    ? pointer.appendIndex(index)
                    : pointer.appendProperty(String.valueOf(element));
        }
        return pointer.toString();
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static JsonSchema initialized(JsonSchema schema) {
        schema.initializeValidators(); // resolve every $ref now: fail at start-up, not on an upload
        return schema;
    }

    private static SchemaValidatorsConfig config() {
        return SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .losslessNarrowing(true) // 2020-12: 256.0 is an integer
                .locale(Locale.ENGLISH)
                .build();
    }

    private static JsonSchemaFactory factory() {
        JsonMetaSchema draft202012 = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .keyword(new AnnotationKeyword(EXPECTED_KEYWORD))
                .build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(draft202012)
                .schemaLoaders(loaders -> loaders.add(EmdSchema::load)));
    }

    /**
     * The only loader consulted before the validator's own class-path and URL loaders: it serves our
     * schemas, lets the bundled meta-schemas through, and refuses everything else by throwing, so the
     * URL loader is never reached.
     */
    private static InputStreamSource load(AbsoluteIri iri) {
        String text = iri.toString();
        if (text.startsWith(ID_BASE) && SCHEMA_FILE.matcher(text.substring(ID_BASE.length())).matches()) {
            String resource = RESOURCE_FOLDER + text.substring(ID_BASE.length());
            if (EmdSchema.class.getClassLoader().getResource(resource) != null) {
                return () -> open(resource);
            }
        }
        if (text.startsWith(BUNDLED_META_SCHEMAS) && !text.contains("..")) {
            return null; // the validator's ClasspathSchemaLoader reads its bundled copy
        }
        return DisallowSchemaLoader.getInstance().getSchema(iri);
    }

    private static InputStream open(String resource) {
        InputStream in = EmdSchema.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new UncheckedIOException(new IOException("missing class-path resource " + resource));
        }
        return in;
    }

    /** The validator for the JSON Schema 2020-12 meta-schema, from the validator's bundled copy. */
    static JsonSchema metaSchema() {
        return initialized(factory().getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"),
                config()));
    }

    /** The packaged schema document, as read from the class path. */
    static JsonNode packagedDocument() {
        try (InputStream in = open(RESOURCE_FOLDER + "emd.schema.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Standard {
        static final EmdSchema INSTANCE = new EmdSchema(
                initialized(factory().getSchema(SchemaLocation.of(ID), config())), packagedDocument());
    }
}
