package org.rasterhub.portal.ui.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rasterhub.portal.run.RunDetails;

class MapLayersTest {
    private static final String HASH = "0".repeat(64);

    @Test
    void imageryFirstThenClassTilesThenObjectsInTheirLegendColoursWithoutTheGeoPackage() throws Exception {
        RunDetails run = run(7, "detect_objects",
                List.of(new RunDetails.Input("raster", 3L, null, HASH)),
                List.of(output(7, 0, "detected_objects", "geopackage"), output(7, 1, "detected_objects", "geojson")),
                "{\"legend\": [{\"value\": 1, \"name\": \"Car\", \"color\": \"#ff0000\", \"count\": 2},"
                        + " {\"value\": 2, \"name\": \"Boat\", \"color\": \"#0000ff\", \"count\": 1}]}");

        List<MapLayer> layers = MapLayers.of(run, "/portal", id -> "scene-" + id + ".tif", false);

        assertEquals(List.of("raster-3-raster", "output-1"), layers.stream().map(MapLayer::id).toList());
        MapLayer imagery = layers.get(0);
        assertEquals(MapLayer.Kind.TILES, imagery.kind());
        assertEquals("/portal/api/rasters/3/tiles/{z}/{x}/{y}.png", imagery.url());
        assertEquals("/portal/api/rasters/3/extent", imagery.extentUrl());
        assertEquals("Imagery: scene-3.tif", imagery.title());
        MapLayer objects = layers.get(1);
        assertEquals(MapLayer.Kind.VECTORS, objects.kind());
        assertEquals(Map.of("Car", "#ff0000", "Boat", "#0000ff"), objects.colors());
        assertTrue(objects.classes());
    }

    @Test
    void featureOutputsFollowTheSameSizeRuleAsLayerPages() throws Exception {
        RunDetails.Output small = output(7, 0, "detected_objects", "geojson");
        RunDetails.Output large = new RunDetails.Output(1, 0, "detected_objects", "geojson", "application/geo+json",
                "big.geojson", HASH, MapLayer.VECTOR_TILES_ABOVE_BYTES + 1, 1_000_000, "/api/runs/7/outputs/1");
        RunDetails run = run(7, "detect_objects", List.of(new RunDetails.Input("raster", 3L, null, HASH)),
                List.of(small, large), null);

        List<MapLayer> layers = MapLayers.of(run, "/portal", id -> "d" + id, false);

        assertEquals(MapLayer.Kind.VECTORS, layers.get(1).kind(), "small enough to load whole");
        MapLayer tiled = layers.get(2);
        assertEquals(MapLayer.Kind.VECTOR_TILES, tiled.kind());
        assertEquals("/portal/api/runs/7/outputs/1/features/{z}/{x}/{y}.mvt", tiled.url());
        assertEquals("/portal/api/runs/7/outputs/1/extent", tiled.extentUrl());
        assertEquals(MapLayer.Kind.VECTOR_TILES,
                MapLayers.of(run, "", id -> "d" + id, true).get(1).kind(), "?vectors=tiles: tiles whatever the size");
    }

    @Test
    void detectChangeHasBothDatesAndItsChangeRasterAsTiles() throws Exception {
        RunDetails run = run(9, "detect_change",
                List.of(new RunDetails.Input("from", 4L, null, HASH), new RunDetails.Input("to", 5L, null, HASH)),
                List.of(output(9, 0, "change_raster", "cog")), null);

        List<MapLayer> layers = MapLayers.of(run, "", id -> "d" + id, false);

        assertEquals(List.of("Imagery (from): d4", "Imagery (to): d5", "Change: f0.cog"),
                layers.stream().map(MapLayer::title).toList());
        assertEquals("/api/runs/9/outputs/0/tiles/{z}/{x}/{y}.png", layers.get(2).url());
        assertEquals("/api/runs/9/outputs/0/extent", layers.get(2).extentUrl());
        assertEquals(Map.of(), MapLayers.colors(null));
    }

    @Test
    void aLayerWithoutIdIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new MapLayer(" ", "t", MapLayer.Kind.TILES, "u", "e", null, true, false));
    }

    private static RunDetails.Output output(long run, int position, String kind, String format) {
        return new RunDetails.Output(position, 0, kind, format, "application/octet-stream", "f" + position + "." + format,
                HASH, 10, null, "/api/runs/" + run + "/outputs/" + position);
    }

    private static RunDetails run(long id, String tool, List<RunDetails.Input> inputs, List<RunDetails.Output> outputs,
                                  String summary) throws Exception {
        return new RunDetails(id, "SUCCEEDED", tool, 1, 1, HASH, HASH, inputs.get(0).raster(), HASH, inputs, "{}",
                1, 1, 1.0, null, null, false, null, 1, "node-a", HASH, 10L, outputs.get(0).href(), outputs,
                summary == null ? null : new ObjectMapper().readTree(summary), null, Instant.EPOCH, Instant.EPOCH,
                Instant.EPOCH, List.of());
    }
}
