package org.rasterhub.runner.render;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of a Mapbox Vector Tile (specification 2.1), written as the protobuf the specification's
 * {@code vector_tile.proto} describes: features with tags into shared key and value tables, and
 * geometry as command integers in tile units. A tile of one layer is this layer's message wrapped as
 * field 3 of {@code Tile}. Written by hand (a few varints) rather than through generated protobuf code:
 * the format is small and frozen.
 */
final class MvtLayerWriter {
    /** Tile units per tile edge: 16 units per screen pixel of a 256-pixel tile. */
    static final int EXTENT = 4096;

    /** {@code Feature.GeomType}. */
    enum GeometryType {
        POINT(1), LINESTRING(2), POLYGON(3);

        final int code;

        GeometryType(int code) {
            this.code = code;
        }
    }

    private final String name;
    private final List<String> keys = new ArrayList<>();
    private final Map<String, Integer> keyIndex = new HashMap<>();
    private final List<Object> values = new ArrayList<>();
    private final Map<Object, Integer> valueIndex = new HashMap<>();
    private final ByteArrayOutputStream features = new ByteArrayOutputStream();
    private int featureCount;

    MvtLayerWriter(String name) {
        this.name = name;
    }

    int featureCount() {
        return featureCount;
    }

    /**
     * Adds a feature; properties whose value is null are left out (MVT has no null).
     *
     * @param geometry command integers as {@link TileGeometry} builds them, never empty
     */
    void add(long id, GeometryType type, int[] geometry, Map<String, Object> properties) {
        ByteArrayOutputStream feature = new ByteArrayOutputStream();
        if (id >= 0) {
            tag(feature, 1, 0);
            varint(feature, id);
        }
        List<Integer> tags = new ArrayList<>();
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            if (property.getValue() != null) {
                tags.add(keyIndex.computeIfAbsent(property.getKey(), key -> {
                    keys.add(key);
                    return keys.size() - 1;
                }));
                tags.add(valueIndex.computeIfAbsent(normalised(property.getValue()), value -> {
                    values.add(value);
                    return values.size() - 1;
                }));
            }
        }
        if (!tags.isEmpty()) {
            packed(feature, 2, tags.stream().mapToInt(Integer::intValue).toArray());
        }
        tag(feature, 3, 0);
        varint(feature, type.code);
        packed(feature, 4, geometry);
        message(features, 2, feature.toByteArray());
        featureCount++;
    }

    /** The whole tile: this layer as {@code Tile.layers}. */
    byte[] tile() {
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        tag(layer, 15, 0);
        varint(layer, 2);
        message(layer, 1, name.getBytes(StandardCharsets.UTF_8));
        layer.writeBytes(features.toByteArray());
        for (String key : keys) {
            message(layer, 3, key.getBytes(StandardCharsets.UTF_8));
        }
        for (Object value : values) {
            message(layer, 4, value(value));
        }
        tag(layer, 5, 0);
        varint(layer, EXTENT);
        ByteArrayOutputStream tile = new ByteArrayOutputStream();
        message(tile, 3, layer.toByteArray());
        return tile.toByteArray();
    }

    /** Integers as Long and other numbers as Double, so that 1 and 1L share one table entry. */
    private static Object normalised(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
            return value;
        }
        return String.valueOf(value);
    }

    private static byte[] value(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (value instanceof String text) {
            message(out, 1, text.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof Double number) {
            tag(out, 3, 1);
            long bits = Double.doubleToLongBits(number);
            for (int i = 0; i < 8; i++) {
                out.write((int) (bits >>> (8 * i)) & 0xff);
            }
        } else if (value instanceof Long number) {
            tag(out, 6, 0);                     // sint_value: zigzag, short for small negative numbers too
            varint(out, (number << 1) ^ (number >> 63));
        } else {
            tag(out, 7, 0);
            varint(out, (Boolean) value ? 1 : 0);
        }
        return out.toByteArray();
    }

    private static void packed(ByteArrayOutputStream out, int field, int[] numbers) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(numbers.length * 2);
        for (int number : numbers) {
            varint(body, Integer.toUnsignedLong(number));
        }
        message(out, field, body.toByteArray());
    }

    private static void message(ByteArrayOutputStream out, int field, byte[] bytes) {
        tag(out, field, 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void tag(ByteArrayOutputStream out, int field, int wireType) {
        varint(out, ((long) field << 3) | wireType);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
