package org.rasterhub.runner.vector;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.raster.Crs;
import org.rasterhub.runner.raster.Projections;

class FeatureLayerIoTest {
    private static final List<Field> FIELDS = List.of(new Field("Class", FieldType.STRING),
        new Field("ClassValue", FieldType.INTEGER), new Field("Confidence", FieldType.REAL));

    @TempDir Path tmp;

    private static VectorFeature box(double x, double y, String name, Long value, Double confidence) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("Class", name);
        attributes.put("ClassValue", value);
        attributes.put("Confidence", confidence);
        return VectorFeature.polygon(new double[] {x, x + 120, x + 120, x},
            new double[] {y, y, y - 120, y - 120}, attributes);
    }

    private static final List<VectorFeature> BOXES = List.of(
        box(500_260.5, 5_799_600, "car", 1L, 0.97),
        box(501_000, 5_798_800, "boat", 2L, 0.5),
        box(500_010, 5_799_990, null, null, null));

    @Test
    void theGeoPackageReadsBackExactlyInTheRastersCrs() throws Exception {
        Path gpkg = tmp.resolve("out.gpkg");
        FeatureLayerWriter.write(gpkg, tmp.resolve("out.geojson"), "objects", Projections.crs(32633), FIELDS, BOXES);

        FeatureLayer read = FeatureLayerReader.read(gpkg, Projections.crs(32633));

        assertEquals("objects", read.name());
        assertEquals(FIELDS, read.fields());
        assertEquals(BOXES.stream().map(VectorFeature::envelope).toList(),
            read.features().stream().map(VectorFeature::envelope).toList());
        assertEquals(List.of(ordered("car", 1L, 0.97), ordered("boat", 2L, 0.5),
            ordered(null, null, null)), read.features().stream().map(VectorFeature::attributes).toList());
    }

    @Test
    void theGeoJsonIsRfc7946Wgs84AndReprojectsBackToTheSameBoxes() throws Exception {
        Path json = tmp.resolve("out.geojson");
        FeatureLayerWriter.write(tmp.resolve("out.gpkg"), json, "objects", Projections.crs(32633), FIELDS, BOXES);

        String text = Files.readString(json);
        FeatureLayer read = FeatureLayerReader.read(json, Projections.crs(32633));

        assertFalse(text.contains("\"crs\""), "RFC 7946 has no crs member: " + text);
        assertTrue(text.contains("[ 15.0"), "longitudes near 15 degrees east (UTM 33N): " + text);
        for (int i = 0; i < BOXES.size(); i++) {
            Envelope expected = BOXES.get(i).envelope();
            Envelope actual = read.features().get(i).envelope();
            // 7 decimals of a degree are about 1 cm; the edges of a box bend by less than that.
            assertAll(
                () -> assertEquals(expected.minX(), actual.minX(), 0.05),
                () -> assertEquals(expected.minY(), actual.minY(), 0.05),
                () -> assertEquals(expected.maxX(), actual.maxX(), 0.05),
                () -> assertEquals(expected.maxY(), actual.maxY(), 0.05));
        }
    }

    @Test
    void withoutACrsTheGeoJsonKeepsTheCoordinatesAsGiven() throws Exception {
        Path json = tmp.resolve("out.geojson");
        Crs none = new Crs("", OptionalInt.empty());
        FeatureLayerWriter.write(tmp.resolve("out.gpkg"), json, "objects", none, FIELDS, BOXES);

        FeatureLayer read = FeatureLayerReader.read(json, none);

        assertEquals(BOXES.stream().map(VectorFeature::envelope).toList(),
            read.features().stream().map(VectorFeature::envelope).toList());
    }

    @Test
    void aFailedWriteLeavesNeitherFileEvenWhereOldOnesWere() throws Exception {
        Path gpkg = Files.writeString(tmp.resolve("out.gpkg"), "old");
        Path json = Files.writeString(tmp.resolve("out.geojson"), "old");
        VectorFeature broken = new VectorFeature(7, "POLYGON ((0 0, 1", new Envelope(0, 0, 1, 1),
            Map.of());

        var refused = assertThrows(FeatureIoException.class, () -> FeatureLayerWriter.write(gpkg, json,
            "objects", Projections.crs(32633), FIELDS, List.of(BOXES.get(0), broken)));

        assertTrue(refused.getMessage().contains("feature 7 has invalid WKT"), refused.getMessage());
        assertFalse(Files.exists(gpkg), "GeoPackage left behind");
        assertFalse(Files.exists(json), "GeoJSON left behind");
    }

    @Test
    void anAttributeOfTheWrongTypeIsRefused() {
        VectorFeature wrong = box(500_000, 5_800_000, "car", 1L, null);
        Map<String, Object> attributes = new HashMap<>(wrong.attributes());
        attributes.put("ClassValue", "one");
        VectorFeature typed = new VectorFeature(3, wrong.wkt(), wrong.envelope(), attributes);

        var refused = assertThrows(FeatureIoException.class, () -> FeatureLayerWriter.write(
            tmp.resolve("a.gpkg"), tmp.resolve("a.geojson"), "objects", Projections.crs(32633), FIELDS,
            List.of(typed)));

        assertTrue(refused.getMessage().contains("feature 3 field ClassValue expects INTEGER, found"
            + " String \"one\""), refused.getMessage());
    }

    @Test
    void moreFeaturesThanTheLimitAreRefused() throws Exception {
        Path gpkg = tmp.resolve("out.gpkg");
        FeatureLayerWriter.write(gpkg, tmp.resolve("out.geojson"), "objects", Projections.crs(32633), FIELDS, BOXES);

        var refused = assertThrows(FeatureIoException.class,
            () -> FeatureLayerReader.read(gpkg, Projections.crs(32633), 2));

        assertTrue(refused.getMessage().contains("layer objects has 3 features; at most 2 are accepted"),
            refused.getMessage());
    }

    @Test
    void aMissingFileIsRefused() {
        Path missing = tmp.resolve("missing.geojson");

        var refused = assertThrows(FeatureIoException.class,
            () -> FeatureLayerReader.read(missing, Projections.crs(32633)));

        assertEquals(missing + ": no such file", refused.getMessage());
    }

    private static Map<String, Object> ordered(String name, Long value, Double confidence) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("Class", name);
        map.put("ClassValue", value);
        map.put("Confidence", confidence);
        return map;
    }
}
