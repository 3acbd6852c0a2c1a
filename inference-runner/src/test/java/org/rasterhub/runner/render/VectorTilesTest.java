package org.rasterhub.runner.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.raster.Projections;
import org.rasterhub.runner.vector.Field;
import org.rasterhub.runner.vector.FieldType;
import org.rasterhub.runner.vector.FeatureLayerWriter;
import org.rasterhub.runner.vector.VectorFeature;

class VectorTilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Field> FIELDS = List.of(new Field("Class", FieldType.STRING),
            new Field("ClassValue", FieldType.INTEGER), new Field("Confidence", FieldType.REAL));

    @TempDir Path tmp;

    @Test
    void aTileHoldsTheFeaturesItIntersectsInLonLatWithTheirAttributes() throws Exception {
        Path gpkg = twoBoxesFiftyKilometresApart();
        double[] west = Projections.transform(32633, 4326, 500_100, 4_199_900);
        double[] east = Projections.transform(32633, 4326, 550_100, 4_199_900);
        int zoom = 12;

        JsonNode westTile = JSON.readTree(VectorTiles.geoJsonTile(gpkg, tileOf(west, zoom)));
        JsonNode eastTile = JSON.readTree(VectorTiles.geoJsonTile(gpkg, tileOf(east, zoom)));
        JsonNode elsewhere = JSON.readTree(VectorTiles.geoJsonTile(gpkg, new TileAddress(zoom, 0, 0)));

        assertEquals("FeatureCollection", westTile.get("type").asText());
        assertEquals(1, westTile.get("features").size(), westTile.toString());
        JsonNode car = westTile.get("features").get(0);
        assertEquals("Car", car.get("properties").get("Class").asText());
        assertEquals(1, car.get("properties").get("ClassValue").asInt());
        assertEquals(0.9, car.get("properties").get("Confidence").asDouble(), 1e-9);
        JsonNode corner = car.get("geometry").get("coordinates").get(0).get(0);
        assertEquals(west[0], corner.get(0).asDouble(), 0.01, "longitude first, near the box");
        assertEquals(west[1], corner.get(1).asDouble(), 0.01);
        assertEquals("Boat", eastTile.get("features").get(0).get("properties").get("Class").asText());
        assertEquals(1, eastTile.get("features").size());
        assertEquals(0, elsewhere.get("features").size());
        assertFalse(westTile.has("truncated"));

        // At zoom 6 one tile covers both boxes.
        JsonNode both = JSON.readTree(VectorTiles.geoJsonTile(gpkg, tileOf(west, 6)));
        assertEquals(2, both.get("features").size());
    }

    @Test
    void somethingThatIsNoVectorDataIsRefusedByName() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.gpkg"), "not a geopackage");
        var refused = assertThrows(IllegalArgumentException.class,
                () -> VectorTiles.geoJsonTile(text, new TileAddress(1, 0, 0)));
        assertTrue(refused.getMessage().contains("notes.gpkg"), refused.getMessage());
    }

    private Path twoBoxesFiftyKilometresApart() throws Exception {
        Path gpkg = tmp.resolve("objects.gpkg");
        FeatureLayerWriter.write(gpkg, tmp.resolve("objects.geojson"), "objects", Projections.crs(32633), FIELDS,
                List.of(
                VectorFeature.polygon(new double[] {500_000, 500_200, 500_200, 500_000},
                        new double[] {4_200_000, 4_200_000, 4_199_800, 4_199_800},
                        Map.of("Class", "Car", "ClassValue", 1L, "Confidence", 0.9)),
                VectorFeature.polygon(new double[] {550_000, 550_200, 550_200, 550_000},
                        new double[] {4_200_000, 4_200_000, 4_199_800, 4_199_800},
                        Map.of("Class", "Boat", "ClassValue", 2L, "Confidence", 0.8))));
        return gpkg;
    }

    /** The OSM tile at a zoom that holds a lon/lat point. */
    private static TileAddress tileOf(double[] lonLat, int zoom) {
        int n = 1 << zoom;
        int x = (int) Math.floor((lonLat[0] + 180) / 360 * n);
        double lat = Math.toRadians(lonLat[1]);
        int y = (int) Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * n);
        return new TileAddress(zoom, x, y);
    }
}
