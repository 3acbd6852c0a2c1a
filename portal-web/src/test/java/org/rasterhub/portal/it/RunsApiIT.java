package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoRaster;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * A Classify Pixels run through the real portal: a real ONNX model built in code, a georeferenced
 * raster with planted truth, the durable queue, the runner, the stored result.
 */
@ExtendWith(PortalExtension.class)
class RunsApiIT {
    private static final String EMD = TestEmds.brightestBand(64);

    @TempDir Path tmp;

    @Test
    void classifyPixelsRunsAsADurableJobAndMatchesThePlantedTruthExactly(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        byte[] model = TinyOnnxModels.brightestBandWins(3);
        long item = api.upload("Brightest.dlpk", aPackage().withEmd(EMD).withFile("brightest.onnx", model)
                .bytes()).json().get("id").asLong();

        int width = 150;
        int height = 110;
        FloatBands pixels = FloatBands.zeros(width, height, 3);
        int[] truth = new int[width * height];
        Random random = new Random(7);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int brightest = random.nextInt(3);
                truth[row * width + col] = brightest;
                for (int band = 0; band < 3; band++) {
                    pixels.set(band, row, col, band == brightest ? 200 + random.nextInt(50) : random.nextInt(150));
                }
            }
        }
        Path scene = tmp.resolve("scene.tif");
        GeoTransform transform = GeoTransform.northUp(500_000, 4_200_000, 10, 10);
        GeoTiffs.write(scene, pixels, transform, 32633);

        var raster = api.upload("/api/rasters", "scene.tif", Files.readAllBytes(scene));
        assertEquals(201, raster.status(), raster.body());
        assertEquals(3, raster.json().get("bands").asInt());
        assertEquals(32633, raster.json().get("epsg").asInt());

        // The model's file fixes its batch at 1; a batch of 4 is run in pieces (ContractAdaptedModel).
        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"raster\": "
                + raster.json().get("id").asLong() + ", \"arguments\": {\"padding\": 8, \"batchSize\": 4}}");
        assertEquals(202, submitted.status(), submitted.body());
        long run = submitted.json().get("id").asLong();

        JsonNode done = awaitFinished(api, run, Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
        assertEquals(done.get("tilesTotal").asInt(), done.get("tilesDone").asInt());
        assertTrue(done.get("tilesTotal").asInt() >= 6, "several tiles: " + done);
        assertTelemetry(done, width * height * 100 / 1e6);

        Path result = tmp.resolve("classified.tif");
        Files.write(result, api.download("/api/runs/" + run + "/result", 200));
        GeoRaster classified = GeoTiffs.read(result);
        assertEquals(transform, classified.transform());
        assertEquals(32633, classified.crs().epsg().orElse(-1));
        int wrong = 0;
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                if ((int) classified.pixels().get(0, row, col) != truth[row * width + col]) {
                    wrong++;
                }
            }
        }
        assertEquals(0, wrong, "pixels classified differently from the planted truth");
    }

    @Test
    void aBinaryModelWithAFixedShapeSaysWhatItIsAndRunsWithTheDefinitionsPadding(PortalServer portal)
            throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        String emd = """
                {"Framework": "Onnx", "ModelFile": "water.onnx", "ModelType": "ImageClassification",
                 "ImageHeight": 64, "ImageWidth": 64, "ModelPadding": 16, "ExtractBands": [0, 1, 2],
                 "Classes": [{"Value": 0, "Name": "Land", "Color": [200, 200, 200]},
                             {"Value": 1, "Name": "Water", "Color": [0, 0, 230]}]}
                """;
        // sigmoid(band 0 - 100) over a fixed [1, 3, 64, 64] input, with Deepness-style metadata.
        byte[] model = TinyOnnxModels.binaryWithMetadata(3, 64, java.util.Map.of("model_type", "Segmentor"));
        long item = api.upload("Water_" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".dlpk",
                aPackage().withEmd(emd).withFile("water.onnx", model).bytes()).json().get("id").asLong();

        JsonNode contract = api.get("/api/items/" + item + "/versions/1/model").json();
        assertEquals("water.onnx", contract.get("file").asText(), contract.toString());
        assertEquals("image: float [1, 3, 64, 64] · bands first (NCHW), batch fixed at 1",
                inputOrOutput(contract.get("inputs").get(0)));
        assertEquals("classes: float [1, 1, 64, 64] · a binary probability (class 1 from 0.5) for the whole tile"
                + " (tile 64, padding 16)", inputOrOutput(contract.get("outputs").get(0)));
        assertEquals("Segmentor", contract.get("metadata").get("model_type").asText());

        int width = 150;
        int height = 110;
        FloatBands pixels = FloatBands.zeros(width, height, 3);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                pixels.set(0, row, col, (row / 7 + col / 11) % 2 == 0 ? 200 : 50);
            }
        }
        Path scene = tmp.resolve("lake.tif");
        GeoTiffs.write(scene, pixels, GeoTransform.northUp(500_000, 4_200_000, 10, 10), 32633);
        long raster = api.upload("/api/rasters", "lake.tif", Files.readAllBytes(scene)).json().get("id").asLong();
        // Batch 4 on a model whose file fixes its batch at 1: run in pieces.
        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"raster\": " + raster
                + ", \"arguments\": {\"batchSize\": 4}}");
        assertEquals(202, submitted.status(), submitted.body());
        JsonNode done = awaitFinished(api, submitted.json().get("id").asLong(), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());

        Path result = tmp.resolve("water.tif");
        Files.write(result, api.download("/api/runs/" + done.get("id").asLong() + "/result", 200));
        FloatBands classes = GeoTiffs.read(result).pixels();
        int wrong = 0;
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int expected = (row / 7 + col / 11) % 2 == 0 ? 1 : 0;
                if ((int) classes.get(0, row, col) != expected) {
                    wrong++;
                }
            }
        }
        assertEquals(0, wrong, "pixels unlike band 0 above 100");
    }

    @Test
    void esrisLandCoverConventionRunsAsInArcgisEightBitScaledCoreOutputBatchFixedAtOne(PortalServer portal)
            throws Exception {
        // Issue #14's first real package, in miniature: Framework Onnx, DataRange [0, 1] over 8-bit
        // 4-band imagery, ModelPadding with scores for the tile's centre only, batch fixed at 1.
        RestClient api = RestClient.asAdmin(portal);
        String emd = """
                {"Framework": "Onnx", "ModelConfiguration": "CntkLandClassification", "ModelType": "ImageClassification",
                 "ModelFile": "trained.onnx", "ExtractBands": [0, 1, 2, 3], "DataRange": [0.0, 1.0],
                 "ImageHeight": 64, "ImageWidth": 64, "ModelPadding": 16,
                 "Classes": [{"Value": 0, "Name": "Evergreen Forest", "Color": [0, 51, 0]},
                             {"Value": 1, "Name": "Grassland/Herbaceous", "Color": [241, 185, 137]},
                             {"Value": 2, "Name": "Bare Land", "Color": [236, 236, 0]},
                             {"Value": 3, "Name": "Open Water", "Color": [0, 0, 117]},
                             {"Value": 4, "Name": "Scrub/Shrub", "Color": [102, 102, 0]},
                             {"Value": 5, "Name": "Impervious Surface", "Color": [236, 236, 236]}]}
                """;
        byte[] model = TinyOnnxModels.landCoverLike(4, 64, 16, 6, 3);
        long item = api.upload("LandCover_" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".dlpk",
                aPackage().withEmd(emd).withFile("trained.onnx", model).bytes()).json().get("id").asLong();
        assertTrue(api.get("/api/items/" + item + "/versions/1/model").body().contains("centre 32 × 32"));
        // The same model under a definition naming 3 bands: said at upload, from the file, not at the first batch.
        var mismatched = api.upload("LandCover3_" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".dlpk",
                aPackage().withEmd(emd.replace("[0, 1, 2, 3]", "[0, 1, 2]")).withFile("trained.onnx", model).bytes());
        assertEquals(201, mismatched.status(), mismatched.body());
        assertTrue(mismatched.json().get("warnings").toString().contains(
                "trained.onnx: the model takes 4 bands"), mismatched.body());

        int width = 170;
        int height = 130;
        FloatBands pixels = FloatBands.zeros(width, height, 4);
        int[] expected = new int[width * height];
        Random random = new Random(14);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int value = random.nextInt(256);
                pixels.set(0, row, col, value);
                for (int band = 1; band < 4; band++) {
                    pixels.set(band, row, col, random.nextInt(256));
                }
                expected[row * width + col] = value / 255.0 > 0.5 ? 3 : 0;
            }
        }
        Path floats = tmp.resolve("naip-float.tif");
        GeoTiffs.write(floats, pixels, GeoTransform.northUp(500_000, 4_200_000, 1, 1), 32633);
        Path naip = tmp.resolve("naip.tif");
        org.rasterhub.runner.raster.Gdal.init();
        org.gdal.gdal.Dataset source = org.gdal.gdal.gdal.Open(floats.toString());
        org.gdal.gdal.gdal.Translate(naip.toString(), source, new org.gdal.gdal.TranslateOptions(
                new java.util.Vector<>(java.util.List.of("-ot", "Byte")))).delete();
        source.delete();
        long raster = api.upload("/api/rasters", "naip.tif", Files.readAllBytes(naip)).json().get("id").asLong();

        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"raster\": " + raster
                + ", \"arguments\": {\"batchSize\": 4}}");
        assertEquals(202, submitted.status(), submitted.body());
        // The REST default padding is the definition's ModelPadding, as ArcGIS's.
        JsonNode arguments = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                submitted.json().get("arguments").asText());
        assertEquals(16, arguments.get("padding").asInt(), submitted.body());
        JsonNode done = awaitFinished(api, submitted.json().get("id").asLong(), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());

        Path result = tmp.resolve("land-cover.tif");
        Files.write(result, api.download("/api/runs/" + done.get("id").asLong() + "/result", 200));
        FloatBands classes = GeoTiffs.read(result).pixels();
        int wrong = 0;
        for (int i = 0; i < expected.length; i++) {
            wrong += (int) classes.values()[i] != expected[i] ? 1 : 0;
        }
        assertEquals(0, wrong, "pixels unlike 'Open Water where band 0 / 255 > 0.5'");
    }

    @Test
    void aBareOnnxWithDeepnessMetadataIsPackagedWithAGeneratedDefinitionAndRunsAsDeepnessWould(PortalServer portal)
            throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        java.util.Map<String, String> meta = new java.util.LinkedHashMap<>();
        meta.put("model_type", "Segmentor");
        meta.put("class_names", "{\"0\": \"land\", \"1\": \"water\"}");
        meta.put("tiles_size", "64");
        meta.put("tiles_overlap", "25");
        meta.put("seg_thresh", "0.6");
        // Trained on Deepness's input, v / 255: the probability of water is sigmoid(band 0 / 255 - 0.5).
        byte[] model = TinyOnnxModels.binaryWithMetadata(3, 64, 0.5f, meta);
        String name = "water_" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".onnx";

        var preview = api.upload("/api/items/definition", name, model);
        assertEquals(200, preview.status(), preview.body());
        assertEquals(8, preview.json().get("emd").get("ModelPadding").asInt(), preview.body());
        assertEquals(0.6, preview.json().get("emd").get("Threshold").asDouble(), preview.body());
        var refused = api.upload("/api/items/definition", "plain.onnx", TinyOnnxModels.brightestBandWins(3));
        assertEquals(422, refused.status(), refused.body());
        assertTrue(refused.body().contains("no_model_metadata"), refused.body());

        var created = api.upload(name, model);
        assertEquals(201, created.status(), created.body());
        assertEquals("Deepness", created.json().get("modelConfiguration").asText(), created.body());
        long item = created.json().get("id").asLong();

        int width = 150;
        int height = 110;
        FloatBands pixels = FloatBands.zeros(width, height, 3);
        int[] expected = new int[width * height];
        Random random = new Random(16);
        for (int i = 0; i < expected.length; i++) {
            int value = random.nextInt(256);
            pixels.set(0, i / width, i % width, value);
            // The run's default threshold is the model's seg_thresh, 0.6.
            expected[i] = 1 / (1 + Math.exp(-(value / 255.0 - 0.5))) >= 0.6 ? 1 : 0;
        }
        Path scene = tmp.resolve("shore.tif");
        GeoTiffs.write(scene, pixels, GeoTransform.northUp(500_000, 4_200_000, 10, 10), 32633);
        long raster = api.upload("/api/rasters", "shore.tif", Files.readAllBytes(scene)).json().get("id").asLong();
        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"raster\": " + raster + "}");
        assertEquals(202, submitted.status(), submitted.body());
        JsonNode done = awaitFinished(api, submitted.json().get("id").asLong(), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());

        Path result = tmp.resolve("shore-classes.tif");
        Files.write(result, api.download("/api/runs/" + done.get("id").asLong() + "/result", 200));
        float[] classes = GeoTiffs.read(result).pixels().values();
        int wrong = 0;
        for (int i = 0; i < expected.length; i++) {
            wrong += (int) classes[i] != expected[i] ? 1 : 0;
        }
        assertEquals(0, wrong, "pixels unlike Deepness's reading of the same model");

        // The retrained model, uploaded bare as the item's next version, brings its own definition.
        meta.put("seg_thresh", "0.7");
        var next = api.upload("/api/items/" + item + "/versions", name, TinyOnnxModels.binaryWithMetadata(3, 64, 0.5f, meta));
        assertEquals(201, next.status(), next.body());
        assertEquals(2, next.json().get("version").asInt(), next.body());
        assertTrue(next.json().get("emd").asText().contains("\"Threshold\" : 0.7"), next.body());
    }

    @Test
    void anItemExportsAsAStacMlmItemWhichImportsBackAsAPackageOrWithItsBareOnnx(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        java.util.Map<String, String> meta = new java.util.LinkedHashMap<>();
        meta.put("model_type", "Segmentor");
        meta.put("class_names", "{\"0\": \"dry land\", \"1\": \"open water\"}");
        meta.put("tiles_size", "64");
        meta.put("standardization_mean", "[0.4, 0.5, 0.6]");
        meta.put("standardization_std", "[0.2, 0.25, 0.3]");
        byte[] model = TinyOnnxModels.binaryWithMetadata(3, 64, 0.5f, meta);
        String name = "stac_" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".onnx";
        JsonNode original = api.upload(name, model).json();
        long item = original.get("id").asLong();

        var exported = api.get("/api/items/" + item + "/stac");
        assertEquals(200, exported.status(), exported.body());
        assertTrue(exported.contentType().startsWith("application/geo+json"), exported.contentType());
        JsonNode stac = exported.json();
        JsonNode p = stac.get("properties");
        assertTrue(stac.get("stac_extensions").toString().contains("mlm/v1.5.0/schema.json"), stac.toString());
        for (String required : List.of("mlm:name", "mlm:architecture", "mlm:tasks", "mlm:framework", "mlm:input",
                "mlm:output")) {
            assertTrue(p.has(required), required + " in " + p);
        }
        assertEquals("[\"semantic-segmentation\"]", p.get("mlm:tasks").toString());
        assertEquals("ONNX", p.get("mlm:framework").asText());
        JsonNode input = p.get("mlm:input").get(0);
        assertEquals("[-1,3,64,64]", input.get("input").get("shape").toString());
        assertEquals("[\"batch\",\"channel\",\"height\",\"width\"]", input.get("input").get("dim_order").toString());
        // (v / 255 - 0.4) / 0.2 = (v - 102) / 51: Deepness's scaling as the z-score it amounts to.
        assertEquals(102.0, input.get("value_scaling").get(0).get("mean").asDouble(), 1e-9);
        assertEquals(51.0, input.get("value_scaling").get(0).get("stddev").asDouble(), 1e-9);
        JsonNode classes = p.get("mlm:output").get(0).get("classification:classes");
        assertEquals("open_water", classes.get(1).get("name").asText());
        assertEquals("open water", classes.get(1).get("description").asText());
        JsonNode asset = stac.get("assets").get("model");
        assertEquals("[\"mlm:model\"]", asset.get("roles").toString());
        assertEquals("1220" + original.get("sha256").asText(), asset.get("file:checksum").asText());

        // Back with the package the asset names: the same bytes, a new item.
        byte[] dlpk = api.download("/api/items/" + item + "/versions/1/package", 200);
        var fromPackage = api.upload("POST", "/api/items/stac", java.util.Map.of("item", stac.toString()),
                "stac-copy.dlpk", dlpk);
        assertEquals(201, fromPackage.status(), fromPackage.body());
        assertEquals(original.get("sha256").asText(), fromPackage.json().get("sha256").asText());

        // Back with the bare .onnx, described by the item: the definition is rebuilt from MLM alone.
        String onnxSha = org.rasterhub.core.storage.ContentHash.ofFile(TinyOnnxModels.write(tmp.resolve(name), model)).hex();
        ((com.fasterxml.jackson.databind.node.ObjectNode) asset).put("file:checksum", "1220" + onnxSha);
        var fromOnnx = api.upload("POST", "/api/items/stac", java.util.Map.of("item", stac.toString()), name, model);
        assertEquals(201, fromOnnx.status(), fromOnnx.body());
        JsonNode emd = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fromOnnx.json().get("emd").asText());
        assertEquals(64, emd.get("ImageHeight").asInt());
        assertEquals("[0,1,2]", emd.get("ExtractBands").toString());
        assertEquals(102.0, emd.get("NormalizationStats").get("scaled_mean_values").get(0).asDouble(), 1e-9);
        assertEquals("open water", emd.get("Classes").get(1).get("Name").asText());

        var wrongFile = api.upload("POST", "/api/items/stac", java.util.Map.of("item", stac.toString()), name,
                TinyOnnxModels.brightestBandWins(3));
        assertEquals(422, wrongFile.status(), wrongFile.body());
        assertTrue(wrongFile.body().contains("stac_mismatch"), wrongFile.body());
        var noItem = api.upload("/api/items/stac", name, model);
        assertEquals(400, noItem.status(), noItem.body());
    }

    private static String inputOrOutput(JsonNode tensor) {
        java.util.List<String> dims = new java.util.ArrayList<>();
        tensor.get("shape").forEach(d -> dims.add(d.asText()));
        return tensor.get("name").asText() + ": " + tensor.get("type").asText() + " " + dims + " · "
                + tensor.get("meaning").asText();
    }

    @Test
    void aRunThatCannotRunHereIsRefusedBeforeItIsQueued(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long item = api.upload("Needs_Five_Bands.dlpk", aPackage().withEmd(EMD.replace("[0, 1, 2]", "[0, 1, 4]"))
                .withFile("brightest.onnx", TinyOnnxModels.brightestBandWins(3)).bytes()).json().get("id").asLong();
        Path scene = tmp.resolve("small.tif");
        GeoTiffs.write(scene, FloatBands.zeros(20, 20, 3), GeoTransform.northUp(0, 0, 1, 1), 32633);
        long raster = api.upload("/api/rasters", "small.tif", Files.readAllBytes(scene)).json().get("id").asLong();

        var refused = api.postJson("/api/runs", "{\"item\": " + item + ", \"raster\": " + raster
                + ", \"arguments\": {\"processorType\": \"GPU\"}}");

        assertEquals(422, refused.status(), refused.body());
        assertEquals("cannot_run_here", refused.json().get("error").asText());
        String problems = refused.json().get("problems").toString();
        assertTrue(problems.contains("names band 4 (0-based) but") && problems.contains("has 3 band(s)"), problems);
        assertTrue(problems.contains("asks for a GPU but this server has none"), problems);
    }

    @Test
    void somethingThatIsNotARasterIsRefused(PortalServer portal) throws Exception {
        var refused = RestClient.asAdmin(portal).upload("/api/rasters", "notes.tif", "not a raster".getBytes());
        assertEquals(422, refused.status(), refused.body());
        assertEquals("not_a_raster", refused.json().get("error").asText());
    }

    /**
     * The run's telemetry agrees with what the test knows independently: the ground its raster covers,
     * its tiles, its node, and rates that are those figures over its wall time. A single-threaded stage
     * (the model runs on the worker's thread alone) cannot be busy longer than the run lasted.
     */
    private static void assertTelemetry(JsonNode run, double squareKilometres) {
        JsonNode t = run.get("telemetry");
        assertTrue(t != null && t.isObject(), "telemetry: " + run);
        assertEquals(run.get("node").asText(), t.get("node").asText());
        assertEquals("CPU", t.get("device").asText());
        assertEquals("OnnxRuntime", t.get("engine").asText());
        assertEquals("tiles", t.get("unit").asText());
        assertEquals(run.get("tilesTotal").asLong(), t.get("units").asLong());
        long wall = t.get("wallMillis").asLong();
        assertTrue(wall > 0, t.toString());
        assertEquals(t.get("units").asDouble() * 1000 / wall, t.get("unitsPerSecond").asDouble(), 1e-9, t.toString());
        assertEquals(squareKilometres, t.get("squareKilometres").asDouble(), 1e-9, t.toString());
        assertEquals(squareKilometres / (wall / 3_600_000.0), t.get("squareKilometresPerHour").asDouble(), 1e-6,
                t.toString());
        JsonNode stages = t.get("stageMillis");
        assertEquals(List.of("verify", "loadModel", "read", "model", "postProcess", "write", "merge", "store"),
                fieldNames(stages), t.toString());
        stages.fields().forEachRemaining(stage -> assertTrue(stage.getValue().asLong() >= 0, t.toString()));
        assertTrue(stages.get("model").asLong() <= wall && stages.get("loadModel").asLong() <= wall, t.toString());
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> list = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(list::add);
        return list;
    }

    private static JsonNode awaitFinished(RestClient api, long run, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        JsonNode state = null;
        while (Instant.now().isBefore(deadline)) {
            state = api.get("/api/runs/" + run).json();
            String status = state.get("status").asText();
            if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                return state;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("run " + run + " did not finish within " + limit + ": " + state);
    }
}
