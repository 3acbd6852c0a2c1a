package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.gdal.ogr.Feature;
import org.gdal.ogr.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.testmodels.TinyDetectionModels;

/**
 * Detect Objects and Classify Objects through the real portal: tiny ONNX models built in code,
 * rasters with planted objects, results read back with GDAL/OGR.
 */
@ExtendWith(PortalExtension.class)
class ToolsApiIT {
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final GeoTransform TRANSFORM = GeoTransform.northUp(500_000, 5_800_000, 10, 10);
    private static final int SIZE = 12;

    @TempDir Path tmp;

    @Test
    void detectObjectsFindsEachPlantedSquareOnceEvenOnTileSeams(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        String emd = TestEmds.SQUARES;
        long item = upload(api, "Squares.dlpk", emd, "squares.onnx", TinyDetectionModels.squareDetector(2, 64, SIZE,
                20, 1, TinyDetectionModels.Outputs.FLOAT_CLASSES));
        // Tiles of 64 with padding 16 have 32-pixel cores starting at 0, 32, 64, ...: squares at
        // x = 26 and y = 58 straddle core seams, the one at (90, 90) sits inside a core.
        int[][] squares = {{26, 10, 1}, {90, 90, 2}, {140, 58, 1}, {58, 120, 2}, {170, 26, 2}};
        FloatBands pixels = FloatBands.zeros(200, 150, 2);
        for (int[] s : squares) {
            for (int row = s[1]; row < s[1] + SIZE; row++) {
                for (int col = s[0]; col < s[0] + SIZE; col++) {
                    pixels.set(s[2] - 1, row, col, 1f);
                }
            }
        }
        long raster = raster(api, "harbour.tif", pixels);

        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"tool\": \"detect_objects\", \"rasters\": ["
                + raster + "], \"arguments\": {\"padding\": 16, \"threshold\": 0.5, \"batchSize\": 4}}");
        assertEquals(202, submitted.status(), submitted.body());
        JsonNode done = RunLifecycleIT.await(api, submitted.json().get("id").asLong(),
                s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
        assertEquals(2, done.get("outputs").size(), done.toString());
        assertEquals(squares.length, done.get("summary").get("objects").asInt(), done.toString());

        Path geoPackage = tmp.resolve("objects.gpkg");
        Files.write(geoPackage, api.download(output(done, "geopackage").get("href").asText(), 200));
        List<double[]> found = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        Gdal.init();
        Dataset dataset = gdal.OpenEx(geoPackage.toString(), gdalconst.OF_VECTOR);
        try {
            Layer layer = dataset.GetLayer(0);
            assertEquals("32633", layer.GetSpatialRef().GetAuthorityCode(null));
            for (Feature f = layer.GetNextFeature(); f != null; f = layer.GetNextFeature()) {
                double[] envelope = new double[4]; // minX, maxX, minY, maxY
                f.GetGeometryRef().GetEnvelope(envelope);
                found.add(envelope);
                classes.add(f.GetFieldAsString("Class"));
            }
        } finally {
            dataset.delete();
        }
        assertEquals(squares.length, found.size(), "each square once: " + found.size());
        for (int[] s : squares) {
            double[] truth = {TRANSFORM.originX() + s[0] * 10, TRANSFORM.originX() + (s[0] + SIZE) * 10,
                TRANSFORM.originY() - (s[1] + SIZE) * 10, TRANSFORM.originY() - s[1] * 10};
            int best = -1;
            double bestIou = 0;
            for (int i = 0; i < found.size(); i++) {
                double iou = iou(truth, found.get(i));
                if (iou > bestIou) {
                    bestIou = iou;
                    best = i;
                }
            }
            assertTrue(bestIou > 0.9, "square at " + s[0] + "," + s[1] + " found with IoU " + bestIou);
            assertEquals(s[2] == 1 ? "Car" : "Boat", classes.get(best));
        }
        JsonNode geoJson = new ObjectMapper().readTree(api.download(output(done, "geojson").get("href").asText(), 200));
        assertEquals(squares.length, geoJson.get("features").size());
    }

    @Test
    void aYolov8ExportWithItsDecodingLeftOutFindsEachPlantedObjectOnItsExactBox(PortalServer portal) throws Exception {
        // Issue #14: Ultralytics' default ONNX export, [N, 4 + classes, anchors], decoded by the runner.
        RestClient api = RestClient.asAdmin(portal);
        String emd = """
                {"Framework": "Onnx", "ModelConfiguration": "ObjectDetectionAPI", "ModelFile": "yolov8n.onnx",
                 "ModelType": "ObjectDetection", "ImageHeight": 64, "ImageWidth": 64, "ExtractBands": [0, 1],
                 "Classes": [{"Value": 1, "Name": "Car", "Color": [250, 200, 0]},
                             {"Value": 2, "Name": "Boat", "Color": [0, 120, 250]}]}
                """;
        long item = upload(api, "Yolo.dlpk", emd, "yolov8n.onnx", TinyDetectionModels.yoloHead(2, 64, 8, null));
        JsonNode contract = api.get("/api/items/" + item + "/versions/1/model").json();
        assertEquals("YOLOv8 head: 2 classes, 64 anchors, decoded and suppressed by the runner",
                contract.get("outputs").get(0).get("meaning").asText(), contract.toString());
        int[][] cells = {{3, 5, 0}, {4, 4, 1}, {0, 0, 0}, {20, 15, 1}, {12, 7, 0}};   // cell x, cell y, class index
        FloatBands pixels = FloatBands.zeros(168, 128, 2);
        for (int[] c : cells) {
            for (int row = c[1] * 8; row < c[1] * 8 + 8; row++) {
                for (int col = c[0] * 8; col < c[0] * 8 + 8; col++) {
                    pixels.set(c[2], row, col, 200f);
                }
            }
        }
        long raster = raster(api, "marina.tif", pixels);

        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"tool\": \"detect_objects\", \"rasters\": ["
                + raster + "], \"arguments\": {\"padding\": 16, \"nmsOverlap\": 0.5, \"batchSize\": 2}}");
        assertEquals(202, submitted.status(), submitted.body());
        JsonNode done = RunLifecycleIT.await(api, submitted.json().get("id").asLong(),
                s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());

        JsonNode geoJson = new ObjectMapper().readTree(api.download(output(done, "geojson").get("href").asText(), 200));
        assertEquals(cells.length, geoJson.get("features").size(), geoJson.toString());
        Map<String, Integer> perClass = new HashMap<>();
        geoJson.get("features").forEach(f -> perClass.merge(f.get("properties").get("Class").asText(), 1, Integer::sum));
        assertEquals(Map.of("Car", 3, "Boat", 2), perClass);
        Path geoPackage = tmp.resolve("yolo.gpkg");
        Files.write(geoPackage, api.download(output(done, "geopackage").get("href").asText(), 200));
        List<double[]> found = new ArrayList<>();
        Gdal.init();
        Dataset dataset = gdal.OpenEx(geoPackage.toString(), gdalconst.OF_VECTOR);
        try {
            Layer layer = dataset.GetLayer(0);
            for (Feature f = layer.GetNextFeature(); f != null; f = layer.GetNextFeature()) {
                double[] envelope = new double[4];
                f.GetGeometryRef().GetEnvelope(envelope);
                found.add(envelope);
            }
        } finally {
            dataset.delete();
        }
        for (int[] c : cells) {
            double[] truth = {TRANSFORM.originX() + c[0] * 80, TRANSFORM.originX() + (c[0] + 1) * 80,
                TRANSFORM.originY() - (c[1] + 1) * 80, TRANSFORM.originY() - c[1] * 80};
            assertTrue(found.stream().anyMatch(e -> java.util.Arrays.equals(e, truth)),
                    "cell " + c[0] + "," + c[1] + " on its exact box");
        }
    }

    @Test
    void classifyObjectsLabelsEachFeatureFromThePixelsUnderIt(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        String emd = """
                {"Framework": "Onnx", "ModelConfiguration": "FeatureClassifier", "ModelFile": "chips.onnx",
                 "ModelType": "ObjectClassification", "ImageHeight": 16, "ImageWidth": 16, "ExtractBands": [0, 1, 2],
                 "Classes": [{"Value": 0, "Name": "Roof", "Color": [200, 0, 0]},
                             {"Value": 1, "Name": "Lawn", "Color": [0, 200, 0]},
                             {"Value": 2, "Name": "Pool", "Color": [0, 0, 200]}]}
                """;
        long item = upload(api, "Chips.dlpk", emd, "chips.onnx", TinyDetectionModels.brightestBandChipClassifier(3));
        // Five parcels, 20 x 20 pixels each, each brightest in one band.
        int[][] parcels = {{10, 10, 0}, {40, 10, 1}, {70, 10, 2}, {10, 40, 2}, {40, 40, 1}};
        FloatBands pixels = FloatBands.zeros(100, 70, 3);
        for (int[] p : parcels) {
            for (int row = p[1]; row < p[1] + 20; row++) {
                for (int col = p[0]; col < p[0] + 20; col++) {
                    pixels.set(p[2], row, col, 180);
                }
            }
        }
        long raster = raster(api, "parcels.tif", pixels);
        StringBuilder geoJson = new StringBuilder("{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\","
                + " \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::32633\"}}, \"features\": [");
        for (int i = 0; i < parcels.length; i++) {
            double x0 = TRANSFORM.originX() + parcels[i][0] * 10;
            double y0 = TRANSFORM.originY() - parcels[i][1] * 10;
            geoJson.append(i == 0 ? "" : ",").append("{\"type\": \"Feature\", \"properties\": {\"parcel\": \"P")
                    .append(i).append("\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[")
                    .append(x0).append(',').append(y0).append("],[").append(x0 + 200).append(',').append(y0)
                    .append("],[").append(x0 + 200).append(',').append(y0 - 200).append("],[").append(x0).append(',')
                    .append(y0 - 200).append("],[").append(x0).append(',').append(y0).append("]]]}}");
        }
        geoJson.append("]}");
        var layer = api.upload("/api/features", "parcels.geojson", geoJson.toString().getBytes());
        assertEquals(201, layer.status(), layer.body());

        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"tool\": \"classify_objects\", \"rasters\": ["
                + raster + "], \"features\": " + layer.json().get("id").asLong() + "}");
        assertEquals(202, submitted.status(), submitted.body());
        JsonNode done = RunLifecycleIT.await(api, submitted.json().get("id").asLong(),
                s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
        assertEquals(parcels.length, done.get("tilesTotal").asInt(), "progress counts features");

        JsonNode labelled = new ObjectMapper().readTree(api.download(output(done, "geojson").get("href").asText(), 200));
        Map<String, String> classOf = new HashMap<>();
        for (JsonNode feature : labelled.get("features")) {
            classOf.put(feature.get("properties").get("parcel").asText(),
                    feature.get("properties").get("Class").asText());
        }
        String[] names = {"Roof", "Lawn", "Pool"};
        for (int i = 0; i < parcels.length; i++) {
            assertEquals(names[parcels[i][2]], classOf.get("P" + i), "parcel P" + i + " keeps its attribute and is labelled");
        }
    }

    @Test
    void detectChangeMapsEachPixelFromItsEarlierToItsLaterClass(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long item = RunLifecycleIT.model(api, "Change"); // brightest of Red, Green, Blue wins
        FloatBands before = FloatBands.zeros(90, 60, 3);
        FloatBands after = FloatBands.zeros(90, 60, 3);
        for (int row = 0; row < 60; row++) {
            for (int col = 0; col < 90; col++) {
                before.set(col < 45 ? 0 : 1, row, col, 200);          // red west, green east
                after.set(row < 20 ? 2 : col < 45 ? 0 : 1, row, col, 200); // the north turned blue
            }
        }
        long from = raster(api, "2024.tif", before);
        long to = raster(api, "2025.tif", after);
        long elsewhere = raster(api, "elsewhere.tif", FloatBands.zeros(80, 60, 3));

        var mismatched = api.postJson("/api/runs", "{\"item\": " + item + ", \"tool\": \"detect_change\", \"from\": "
                + from + ", \"to\": " + elsewhere + "}");
        assertEquals(422, mismatched.status(), mismatched.body());
        assertTrue(mismatched.body().contains("the two dates must cover the same grid; they differ in size 90 x 60 vs"
                + " 80 x 60"), mismatched.body());

        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"tool\": \"detect_change\", \"from\": "
                + from + ", \"to\": " + to + ", \"arguments\": {\"padding\": 8}}");
        assertEquals(202, submitted.status(), submitted.body());
        JsonNode done = RunLifecycleIT.await(api, submitted.json().get("id").asLong(),
                s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
        Map<String, Integer> valueOf = new HashMap<>();
        for (JsonNode t : done.get("summary").get("transitions")) {
            valueOf.put(t.get("from").asText() + ">" + t.get("to").asText(), t.get("value").asInt());
        }
        assertEquals(6, valueOf.size(), "3 classes make 6 transitions: " + valueOf);
        Path file = tmp.resolve("change.tif");
        Files.write(file, api.download(done.get("result").asText(), 200));
        var change = GeoTiffs.read(file);
        assertEquals(TRANSFORM, change.transform());
        int wrong = 0;
        for (int row = 0; row < 60; row++) {
            for (int col = 0; col < 90; col++) {
                int expected = row >= 20 ? 0 : valueOf.get((col < 45 ? "Red" : "Green") + ">Blue");
                wrong += (int) change.pixels().get(0, row, col) == expected ? 0 : 1;
            }
        }
        assertEquals(0, wrong, "pixels off the planted change");
    }

    @Test
    void aProcessingExtentLimitsTheResultToItsPixels(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long item = RunLifecycleIT.model(api, "Extent");
        FloatBands pixels = FloatBands.zeros(100, 80, 3);
        for (int row = 0; row < 80; row++) {
            for (int col = 0; col < 100; col++) {
                pixels.set(col % 3, row, col, 200);
            }
        }
        long raster = raster(api, "field.tif", pixels);
        // Columns 20-59 and rows 10-39 of the raster, in map coordinates.
        double minX = TRANSFORM.originX() + 200;
        double maxX = TRANSFORM.originX() + 600;
        double maxY = TRANSFORM.originY() - 100;
        double minY = TRANSFORM.originY() - 400;
        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"rasters\": [" + raster
                + "], \"arguments\": {\"padding\": 8, \"extent\": [" + minX + ", " + minY + ", " + maxX + ", " + maxY + "]}}");
        assertEquals(202, submitted.status(), submitted.body());
        JsonNode done = RunLifecycleIT.await(api, submitted.json().get("id").asLong(),
                s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
        Path file = tmp.resolve("window.tif");
        Files.write(file, api.download(done.get("result").asText(), 200));
        var classes = GeoTiffs.read(file);
        assertEquals(40, classes.pixels().width());
        assertEquals(30, classes.pixels().height());
        assertEquals(GeoTransform.northUp(minX, maxY, 10, 10), classes.transform());
        for (int col = 0; col < 40; col++) {
            assertEquals((col + 20) % 3, (int) classes.pixels().get(0, 5, col), "column " + col);
        }

        var outside = api.postJson("/api/runs", "{\"item\": " + item + ", \"rasters\": [" + raster
                + "], \"arguments\": {\"extent\": [0, 0, 10, 10]}}");
        assertEquals(422, outside.status(), outside.body());
        assertTrue(outside.body().contains("field.tif"), "the finding names the raster: " + outside.body());
    }

    @Test
    void aToolThatDoesNotFitTheModelTypeIsRefusedWithTheOneThatDoes(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long item = RunLifecycleIT.model(api, "Pixels_Only");
        long raster = raster(api, "small.tif", FloatBands.zeros(40, 40, 3));
        var refused = api.postJson("/api/runs", "{\"item\": " + item + ", \"tool\": \"detect_objects\", \"rasters\": ["
                + raster + "]}");
        assertEquals(422, refused.status(), refused.body());
        assertTrue(refused.body().contains("Detect Objects cannot run a \\\"ImageClassification\\\" model; run it with"
                + " Classify Pixels or Detect Change"), refused.body());
        var noFeatures = api.postJson("/api/runs", "{\"item\": " + item + ", \"tool\": \"classify_objects\","
                + " \"rasters\": [" + raster + "]}");
        assertTrue(noFeatures.body().contains("Classify Objects needs a feature layer"), noFeatures.body());
        var unknown = api.postJson("/api/runs", "{\"item\": " + item + ", \"tool\": \"segment_anything\", \"rasters\": ["
                + raster + "]}");
        assertEquals(422, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("classify_pixels, detect_objects, classify_objects, detect_change"),
                unknown.body());
    }

    private static JsonNode output(JsonNode run, String format) {
        for (JsonNode output : run.get("outputs")) {
            if (output.get("format").asText().equals(format)) {
                return output;
            }
        }
        throw new AssertionError("no " + format + " output in " + run);
    }

    private static long upload(RestClient api, String name, String emd, String modelName, byte[] model)
            throws Exception {
        var uploaded = api.upload(name, aPackage().withEmd(emd).withFile(modelName, model).bytes());
        assertEquals(201, uploaded.status(), uploaded.body());
        return uploaded.json().get("id").asLong();
    }

    private long raster(RestClient api, String name, FloatBands pixels) throws Exception {
        Path file = tmp.resolve(name);
        GeoTiffs.write(file, pixels, TRANSFORM, 32633);
        var uploaded = api.upload("/api/rasters", name, Files.readAllBytes(file));
        assertEquals(201, uploaded.status(), uploaded.body());
        return uploaded.json().get("id").asLong();
    }

    /** Intersection over union of two envelopes {minX, maxX, minY, maxY}. */
    private static double iou(double[] a, double[] b) {
        double w = Math.min(a[1], b[1]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[2], b[2]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / ((a[1] - a[0]) * (a[3] - a[2]) + (b[1] - b[0]) * (b[3] - b[2]) - inter);
    }
}
