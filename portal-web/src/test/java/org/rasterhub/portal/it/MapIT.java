package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.Projections;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.testmodels.TinyDetectionModels;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * A run's results on the map in headless Chromium: the screenshot shows the class colours of the
 * .emd where the planted truth is, the legend lists the classes, a click on an object names its class.
 */
@ExtendWith(PortalExtension.class)
@ExtendWith(ScreenshotOnFailure.class)
class MapIT {
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final GeoTransform TRANSFORM = GeoTransform.northUp(500_000, 5_800_000, 10, 10);
    private static final int EPSG = 32633;

    @TempDir Path tmp;
    Browser browser;
    MapPages map;
    PortalServer portal;

    @BeforeEach
    void openBrowser(PortalServer portal) throws Exception {
        this.portal = portal;
        browser = new Browser();
        map = new MapPages(browser, portal);
        ScreenshotOnFailure.watch(browser);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void classifiedPixelsShowTheirEmdColoursWhereThePlantedClassesAre() throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        String emd = TestEmds.brightestBand(64);
        long item = upload(api, "Map_Brightest.dlpk", emd, "brightest.onnx", TinyOnnxModels.brightestBandWins(3));
        // Three vertical stripes, 60 pixels (600 m) wide: band 0, then 1, then 2 brightest.
        FloatBands pixels = FloatBands.zeros(180, 120, 3);
        for (int row = 0; row < 120; row++) {
            for (int col = 0; col < 180; col++) {
                pixels.set(col / 60, row, col, 200);
            }
        }
        // A 12 x 12 pixel blue island in the red stripe: its place on screen checks the georeferencing.
        for (int row = 80; row < 92; row++) {
            for (int col = 20; col < 32; col++) {
                pixels.set(0, row, col, 0);
                pixels.set(2, row, col, 200);
            }
        }
        long raster = raster(api, "stripes.tif", pixels);
        JsonNode done = run(api, "{\"item\": " + item + ", \"rasters\": [" + raster + "], \"arguments\": {\"padding\": 8}}");
        assertTrue(servesExtents(api, "/api/runs/" + done.get("id").asLong() + "/outputs/0/extent"),
                "the class raster's extent is served");

        map.signIn();
        map.openFromRunPage(done.get("id").asLong());
        assertEquals(List.of("0 Red", "1 Green", "2 Blue"), map.legend());
        map.hide("raster-" + raster + "-raster");

        BufferedImage shot = map.screenshot();
        browser.save("map-classes", false);
        int[][] expected = {{230, 0, 0}, {0, 200, 0}, {0, 0, 230}};
        for (int stripe = 0; stripe < 3; stripe++) {
            double[] lonLat = lonLat(TRANSFORM.originX() + (stripe * 60 + 30) * 10, TRANSFORM.originY() - 40 * 10);
            int[] at = map.screenPixel(lonLat[0], lonLat[1]);
            assertColour(shot, at, expected[stripe], 12, "stripe " + stripe);
        }
        double[] island = lonLat(TRANSFORM.originX() + 26 * 10, TRANSFORM.originY() - 86 * 10);
        int[] islandPixel = map.screenPixel(island[0], island[1]);
        assertColour(shot, islandPixel, expected[2], 12, "the blue island");
        double[] besideIsland = lonLat(TRANSFORM.originX() + 26 * 10, TRANSFORM.originY() - 100 * 10);
        assertColour(shot, map.screenPixel(besideIsland[0], besideIsland[1]), expected[0], 12, "south of the island");

        // Half opacity over nothing (imagery hidden): the class colour halfway to the white page.
        map.setOpacity("output-0", 50);
        assertColour(map.screenshot(), islandPixel, new int[] {128, 128, 242}, 16, "the island at half opacity");
    }

    private static final int SQUARE = 12;
    /** Planted squares: column, row, class value (1 Car, 2 Boat). */
    private static final int[][] SQUARES = {{20, 20, 1}, {150, 100, 2}, {100, 30, 1}};

    /** A Detect Objects run over planted squares, finished. */
    private JsonNode detectSquares(RestClient api) throws Exception {
        String emd = TestEmds.SQUARES;
        long item = upload(api, "Map_Squares.dlpk", emd, "squares.onnx", TinyDetectionModels.squareDetector(2, 64,
                SQUARE, 20, 1, TinyDetectionModels.Outputs.FLOAT_CLASSES));
        FloatBands pixels = FloatBands.zeros(200, 150, 2);
        for (int[] s : SQUARES) {
            for (int row = s[1]; row < s[1] + SQUARE; row++) {
                for (int col = s[0]; col < s[0] + SQUARE; col++) {
                    pixels.set(s[2] - 1, row, col, 1f);
                }
            }
        }
        long raster = raster(api, "harbour.tif", pixels);
        return run(api, "{\"item\": " + item + ", \"tool\": \"detect_objects\", \"rasters\": [" + raster
                + "], \"arguments\": {\"padding\": 16, \"threshold\": 0.5}}");
    }

    /** Each planted square's outline shows its class colour on the screenshot. */
    private void assertSquaresOutlined(BufferedImage shot) {
        for (int[] s : SQUARES) {
            int[] colour = s[2] == 1 ? new int[] {255, 0, 0} : new int[] {0, 0, 255};
            // The middle of the square's west edge: the outline, 3 pixels wide, is drawn there.
            double[] west = lonLat(TRANSFORM.originX() + s[0] * 10, TRANSFORM.originY() - (s[1] + SQUARE / 2.0) * 10);
            assertTrue(nearby(shot, map.screenPixel(west[0], west[1]), colour, 3, 40),
                    "class colour on the outline of the square at " + s[0] + "," + s[1]);
        }
    }

    @Test
    void aFeatureLayerDrawnFromVectorTilesShowsItsObjectsAndZoomToLayerFindsThem() throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        JsonNode done = detectSquares(api);
        JsonNode layer = api.get("/api/layers?run=" + done.get("id").asLong()).json().get(0);
        assertEquals("FEATURES", layer.get("type").asText());

        map.signIn();
        map.openLayer(layer.get("id").asLong(), true);
        String id = "layer-" + layer.get("id").asLong();
        assertEquals(List.of(id), map.layers());
        assertEquals(List.of("1 Car", "2 Boat"), map.legend());
        assertEquals(Boolean.TRUE, map.js("return arguments[0].layersById[arguments[1]] instanceof ol.layer.VectorTile",
                map.element(), id), "drawn from vector tiles, not one GeoJSON");
        assertTrue(((Number) map.js("return performance.getEntriesByType('resource')"
                + ".filter(r => r.name.includes('/features/') && r.name.endsWith('.mvt')).length")).intValue() > 0,
                "the browser asked for vector tiles");
        assertSquaresOutlined(map.screenshot());
        browser.save("layer-map-vector-tiles", false);

        // Zoom to layer: from the whole world back onto the squares.
        map.js("arguments[0].map.getView().setZoom(2)", map.element());
        map.awaitRender();
        map.zoomToLayer(id);
        assertSquaresOutlined(map.screenshot());
    }

    @Test
    void detectedObjectsAreOutlinedInTheirClassColourAndAClickNamesTheClass() throws Exception {
        objectsOnTheRunMap(false);
    }

    @Test
    void aRunMapDrawsFeatureOutputsFromVectorTilesByTheLayerPagesRule() throws Exception {
        objectsOnTheRunMap(true);
    }

    /** Outlines, fills, clear space between and a popup, whether the GeoJSON is loaded whole or tiled. */
    private void objectsOnTheRunMap(boolean vectorTiles) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        JsonNode done = detectSquares(api);
        long raster = done.get("inputs").get(0).get("raster").asLong();
        int size = SQUARE;
        int[][] squares = SQUARES;
        int geoJson = -1;
        for (JsonNode output : done.get("outputs")) {
            if (output.get("format").asText().equals("geojson")) {
                geoJson = output.get("position").asInt();
            }
        }
        assertTrue(geoJson >= 0, "a GeoJSON output: " + done);

        map.signIn();
        map.open(done.get("id").asLong(), vectorTiles);
        List<String> layers = map.layers();
        assertTrue(layers.contains("output-" + geoJson) && layers.contains("raster-" + raster + "-raster"), "" + layers);
        assertEquals(vectorTiles, map.js("return arguments[0].layersById[arguments[1]] instanceof ol.layer.VectorTile",
                map.element(), "output-" + geoJson), "vector tiles exactly when asked for");
        assertEquals(List.of("1 Car", "2 Boat"), map.legend());
        map.hide("raster-" + raster + "-raster");

        BufferedImage shot = map.screenshot();
        browser.save(vectorTiles ? "map-objects-vector-tiles" : "map-objects", false);
        for (int[] s : squares) {
            int[] colour = s[2] == 1 ? new int[] {255, 0, 0} : new int[] {0, 0, 255};
            // The middle of the square's west edge: the outline, 3 pixels wide, is drawn there.
            double[] west = lonLat(TRANSFORM.originX() + s[0] * 10, TRANSFORM.originY() - (s[1] + size / 2.0) * 10);
            assertTrue(nearby(shot, map.screenPixel(west[0], west[1]), colour, 3, 40),
                    "class colour on the outline of the square at " + s[0] + "," + s[1]);
            // Inside: a light fill of the class colour, not the full colour.
            double[] centre = lonLat(TRANSFORM.originX() + (s[0] + size / 2.0) * 10,
                    TRANSFORM.originY() - (s[1] + size / 2.0) * 10);
            int[] inside = rgb(shot, map.screenPixel(centre[0], centre[1]));
            int dominant = s[2] == 1 ? inside[0] : inside[2];
            int other = s[2] == 1 ? inside[2] : inside[0];
            assertTrue(dominant > other + 20 && other > 100, "light fill inside square " + s[0] + "," + s[1]
                    + ": " + java.util.Arrays.toString(inside));
        }
        // Between the squares the map stays clear of class colours.
        double[] empty = lonLat(TRANSFORM.originX() + 60 * 10, TRANSFORM.originY() - 120 * 10);
        assertTrue(!nearby(shot, map.screenPixel(empty[0], empty[1]), new int[] {255, 0, 0}, 3, 40)
                && !nearby(shot, map.screenPixel(empty[0], empty[1]), new int[] {0, 0, 255}, 3, 40), "nothing drawn there");

        double[] boat = lonLat(TRANSFORM.originX() + (150 + size / 2.0) * 10, TRANSFORM.originY() - (100 + size / 2.0) * 10);
        String popup = map.clickAndReadPopup(map.screenPixel(boat[0], boat[1]));
        assertTrue(popup.startsWith("Class: Boat") && popup.contains("Confidence:"), popup);
    }

    @Test
    void detectChangeComparesTheTwoDatesWithASwipe() throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long item = RunLifecycleIT.model(api, "Map_Change");
        FloatBands before = FloatBands.zeros(120, 90, 3);
        FloatBands after = FloatBands.zeros(120, 90, 3);
        // Rows 0-14 black and 15-29 white on both dates, so the imagery's 2-98 % stretch has a range
        // in every band; below them red on the earlier date and blue on the later one.
        for (int row = 15; row < 90; row++) {
            for (int col = 0; col < 120; col++) {
                for (int band = 0; band < 3; band++) {
                    before.set(band, row, col, row < 30 || band == 0 ? 200 : 0);
                    after.set(band, row, col, row < 30 || band == 2 ? 200 : 0);
                }
            }
        }
        long from = raster(api, "2024.tif", before);
        long to = raster(api, "2025.tif", after);
        JsonNode done = run(api, "{\"item\": " + item + ", \"tool\": \"detect_change\", \"from\": " + from
                + ", \"to\": " + to + ", \"arguments\": {\"padding\": 8}}");
        assertTrue(servesExtents(api, "/api/rasters/" + from + "/extent"), "the imagery's extent is served");

        map.signIn();
        map.open(done.get("id").asLong());
        assertEquals(List.of("output-0", "raster-" + to + "-to", "raster-" + from + "-from"), map.layers());
        map.hide("output-0");
        double[] west = lonLat(TRANSFORM.originX() + 20 * 10, TRANSFORM.originY() - 60 * 10);
        double[] east = lonLat(TRANSFORM.originX() + 100 * 10, TRANSFORM.originY() - 60 * 10);

        BufferedImage halves = map.screenshot();
        browser.save("map-swipe", false);
        int[] left = rgb(halves, map.screenPixel(west[0], west[1]));
        int[] right = rgb(halves, map.screenPixel(east[0], east[1]));
        assertTrue(left[0] > left[2] + 50, "the earlier (red) date left of the slider: " + java.util.Arrays.toString(left));
        assertTrue(right[2] > right[0] + 50, "the later (blue) date right of it: " + java.util.Arrays.toString(right));

        map.swipeTo(100);
        int[] rightNow = rgb(map.screenshot(), map.screenPixel(east[0], east[1]));
        assertTrue(rightNow[0] > rightNow[2] + 50, "slider at the right edge: the earlier date everywhere: "
                + java.util.Arrays.toString(rightNow));
    }

    /** Whether the portal has the extent endpoint (an unknown path may still answer 200 with a page). */
    private static boolean servesExtents(RestClient api, String path) throws Exception {
        var response = api.get(path);
        return response.status() == 200 && response.body().contains("\"minLon\"");
    }

    private JsonNode run(RestClient api, String request) throws Exception {
        var submitted = api.postJson("/api/runs", request);
        assertEquals(202, submitted.status(), submitted.body());
        JsonNode done = RunLifecycleIT.await(api, submitted.json().get("id").asLong(),
                s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
        return done;
    }

    private static long upload(RestClient api, String name, String emd, String modelName, byte[] model)
            throws Exception {
        var uploaded = api.upload(name, aPackage().withEmd(emd).withFile(modelName, model).bytes());
        assertEquals(201, uploaded.status(), uploaded.body());
        return uploaded.json().get("id").asLong();
    }

    private long raster(RestClient api, String name, FloatBands pixels) throws Exception {
        Path file = tmp.resolve(name);
        GeoTiffs.write(file, pixels, TRANSFORM, EPSG);
        var uploaded = api.upload("/api/rasters", name, Files.readAllBytes(file));
        assertEquals(201, uploaded.status(), uploaded.body());
        return uploaded.json().get("id").asLong();
    }

    /** UTM 33N metres to WGS84 lon, lat. */
    private static double[] lonLat(double x, double y) {
        return Projections.transform(EPSG, 4326, x, y);
    }

    private static int[] rgb(BufferedImage image, int[] at) {
        if (at[0] < 0 || at[1] < 0 || at[0] >= image.getWidth() || at[1] >= image.getHeight()) {
            throw new AssertionError("screen pixel " + at[0] + "," + at[1] + " is outside the "
                    + image.getWidth() + " x " + image.getHeight() + " screenshot");
        }
        int v = image.getRGB(at[0], at[1]);
        return new int[] {(v >> 16) & 255, (v >> 8) & 255, v & 255};
    }

    /** Whether some pixel within {@code radius} of {@code at} is within {@code tolerance} of {@code colour}. */
    private static boolean nearby(BufferedImage image, int[] at, int[] colour, int radius, int tolerance) {
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                int[] c = rgb(image, new int[] {at[0] + dx, at[1] + dy});
                if (Math.abs(c[0] - colour[0]) <= tolerance && Math.abs(c[1] - colour[1]) <= tolerance
                        && Math.abs(c[2] - colour[2]) <= tolerance) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void assertColour(BufferedImage image, int[] at, int[] colour, int tolerance, String what) {
        int[] c = rgb(image, at);
        assertTrue(Math.abs(c[0] - colour[0]) <= tolerance && Math.abs(c[1] - colour[1]) <= tolerance
                        && Math.abs(c[2] - colour[2]) <= tolerance,
                what + " at screen " + at[0] + "," + at[1] + ": expected " + java.util.Arrays.toString(colour)
                        + ", found " + java.util.Arrays.toString(c));
    }
}
