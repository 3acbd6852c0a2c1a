package org.rasterhub.core.emd;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document parsed together with the line and column where each value starts, keyed by JSON
 * pointer; Jackson's tree model drops locations, and users need them to fix a file.
 */
public final class LocatedJson {
    /** Real .emd files are a few KB; nesting beyond this is an attack, not a model. */
    static final int MAX_NESTING_DEPTH = 64;
    static final int MAX_STRING_LENGTH = 1 << 20;
    static final int MAX_NUMBER_LENGTH = 100;
    /** The decimal exponent allowed: beyond double's range (about 1e±308) with room to spare. */
    static final int MAX_DECIMAL_EXPONENT = 400;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .build();

    private final JsonNode root;
    private final Map<String, JsonLocation> locations;

    private LocatedJson(JsonNode root, Map<String, JsonLocation> locations) {
        this.root = root;
        this.locations = locations;
    }

    // A lenient decode would turn a bad byte into U+FFFD inside a class name; say where it is instead.
    private static String strictUtf8(byte[] utf8, int start) throws InvalidModelDefinitionException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(utf8, start, utf8.length - start);
        CharBuffer out = CharBuffer.allocate(utf8.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            out.flip();
            int line = 1;
            int column = 1;
            for (int i = 0; i < out.limit(); i++) {
                if (out.get(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            int offset = in.position();
            throw new InvalidModelDefinitionException(List.of(new EmdProblem("", line, column,
                    "invalid UTF-8 at byte " + offset + " (0x" + String.format("%02x", utf8[offset] & 0xff)
                            + "); a model definition must be UTF-8 text")));
        }
        return out.flip().toString();
    }

    /**
     * Parses UTF-8 JSON, tolerating a byte-order mark, refusing duplicate keys and trailing content.
     *
     * @throws InvalidModelDefinitionException with the line and column of the syntax error
     */
    public static LocatedJson parse(byte[] utf8) throws InvalidModelDefinitionException {
        int start = hasUtf8Bom(utf8) ? 3 : 0;
        String text = strictUtf8(utf8, start);
        Map<String, JsonLocation> locations = new HashMap<>();
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new InvalidModelDefinitionException(List.of(
                        new EmdProblem("", 1, 1, "the file is empty; expected a JSON object")));
            }
            JsonNode root = read(parser, JsonPointer.empty(), locations);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new InvalidModelDefinitionException(List.of(new EmdProblem("", at.getLineNr(),
                        at.getColumnNr(), "unexpected content after the end of the JSON document")));
            }
            return new LocatedJson(root, locations);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Integer line = at == null || at.getLineNr() < 1 ? null : at.getLineNr();
            Integer column = at == null || at.getColumnNr() < 1 ? null : at.getColumnNr();
            throw new InvalidModelDefinitionException(List.of(
                    new EmdProblem("", line, column, "not valid JSON: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from memory failed", e);
        }
    }

    public JsonNode root() {
        return root;
    }

    /** Builds a problem about the value at {@code pointer}, located in the file when known. */
    public EmdProblem problemAt(String pointer, String message) {
        JsonLocation at = locations.get(pointer);
        if (at == null) {
            return new EmdProblem(pointer, null, null, message);
        }
        return new EmdProblem(pointer, at.getLineNr(), at.getColumnNr(), message);
    }

    private static JsonNode read(JsonParser parser, JsonPointer here, Map<String, JsonLocation> locations)
            throws IOException {
        locations.put(here.toString(), parser.currentTokenLocation());
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (parser.currentToken()) {
            case START_OBJECT: {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, read(parser, here.appendProperty(name), locations));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = nodes.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, here.appendIndex(index++), locations));
                }
                return array;
            }
            case VALUE_STRING:
                return nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return nodes.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return nodes.numberNode(boundedDecimal(parser, here));
            case VALUE_TRUE:
                return nodes.booleanNode(true);
            case VALUE_FALSE:
                return nodes.booleanNode(false);
            case VALUE_NULL:
                return nodes.nullNode();
            default:
                throw new IllegalStateException("unexpected JSON token " + parser.currentToken());
        }
    }

    /**
     * A decimal within double's range. Jackson refuses some exponents with an unchecked
     * NumberFormatException and keeps others (1e-99999999) that make later arithmetic crawl; no model
     * definition needs either, so both become a located syntax problem.
     */
    private static BigDecimal boundedDecimal(JsonParser parser, JsonPointer here) throws IOException {
        BigDecimal value;
        try {
            value = parser.getDecimalValue();
        } catch (NumberFormatException unparsable) {
            value = null;
        }
        if (value == null || Math.abs((long) value.precision() - value.scale() - 1) > MAX_DECIMAL_EXPONENT) {
            throw new NumberOutOfRange(parser, here);
        }
        return value;
    }

    /** Carries a number refused mid-parse out through the recursive reader, as a syntax error does. */
    private static final class NumberOutOfRange extends JsonProcessingException {
        NumberOutOfRange(JsonParser parser, JsonPointer here) {
            super("the number at " + (here.toString().isEmpty() ? "the top level" : here.toString())
                    + " is out of range", parser.currentTokenLocation());
        }
    }

    private static boolean hasUtf8Bom(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF;
    }
}
