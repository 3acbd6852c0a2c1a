package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.render.ColourRamp;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * Classify Pixels writing Float32 rasters through the real portal (issue #14): class probabilities
 * ({@code returnProbabilityRaster}, every class or the winning one) from a model that answers raw
 * scores for the tile's core, and a regression package's values. Every pixel is checked against a
 * value computed here from the uploaded raster; contradictions are refused before anything is queued.
 */
@ExtendWith(PortalExtension.class)
class PixelProductsIT {
    private static final int WIDTH = 170;
    private static final int HEIGHT = 120;
    private static final int BANDS = 3;
    private static final float FACTOR = 0.05f;
    private static final int PADDING = 8;
    private static final double TOLERANCE = 1e-5;
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    /** The west quarter is one colour, so that the map's colour there is known exactly. */
    private static final float[] WEST = {200, 60, 40};

    @TempDir Path tmp;

    @Test
    void everyClassGetsTheSoftmaxOfItsScoresFromACoreOutputModelAndTheMapDrawsTheWinnersOnTheRamp(
            PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        // Raw scores 0.05 × band for the centre 48 × 48 of each 64 tile, as models trained on padded chips answer.
        long item = upload(api, "Scores", TestEmds.brightestBand(64).replace("\"ImageWidth\"",
                "\"ModelPadding\": " + PADDING + ", \"ImageWidth\""), TinyOnnxModels.scaledBandScores(BANDS, FACTOR,
                false, PADDING));
        FloatBands pixels = scene(31L);
        long raster = uploadRaster(api, pixels);

        JsonNode every = run(api, item, raster, "{\"returnProbabilityRaster\": true}");
        JsonNode winning = run(api, item, raster, "{\"returnProbabilityRaster\": true,"
                + " \"probabilityBands\": \"WINNING_CLASS\"}");

        Path everyFile = download(api, every, "every.tif");
        assertMatches(everyFile, BANDS, i -> softmax(pixels, i));
        assertEquals(List.of("probability of Red", "probability of Green", "probability of Blue"),
                descriptions(everyFile));
        Path winningFile = download(api, winning, "winning.tif");
        assertMatches(winningFile, 1, i -> new double[] {max(softmax(pixels, i))});
        assertEquals("probability_raster", winning.get("outputs").get(0).get("kind").asText(), winning.toString());
        assertTrue(winning.get("outputs").get(0).get("fileName").asText().contains("probabilities"),
                winning.toString());

        // Probabilities are drawn over 0-1: the legend's stops and the thumbnail's colour say so.
        JsonNode legend = winning.get("summary").get("legend");
        assertEquals(5, legend.size(), legend.toString());
        assertEquals(0.0, legend.get(0).get("value").asDouble(), 1e-9);
        assertEquals(1.0, legend.get(4).get("value").asDouble(), 1e-9);
        assertEquals("probability of the winning class", legend.get(0).get("name").asText());
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(api.download(
                "/api/runs/" + winning.get("id").asLong() + "/outputs/0/thumbnail.png?size=170", 200)));
        double west = max(softmax(pixels, 20 * WIDTH + 10));
        assertEquals(ColourRamp.argb(west), thumbnail.getRGB(10, 20), "the winning probability on the ramp");
    }

    @Test
    void aRegressionPackageWritesItsScaledValuesNamedAfterWhatTheyMeasure(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        float[] weights = {0.5f, -0.25f, 0.125f};
        String emd = """
                {"Framework": "Onnx", "ModelFile": "height.onnx", "ModelType": "ImageClassification",
                 "ImageHeight": 64, "ImageWidth": 64, "ExtractBands": [0, 1, 2], "Classes": [],
                 "RegressionOutput": {"Name": "Canopy height", "Unit": "m", "Scale": 0.5}}
                """;
        long item = upload(api, "Canopy", emd, TinyOnnxModels.weightedBandSum(weights, 3f));
        FloatBands pixels = scene(32L);
        long raster = uploadRaster(api, pixels);

        JsonNode done = run(api, item, raster, "{\"padding\": 8}");

        assertEquals("value_raster", done.get("outputs").get(0).get("kind").asText(), done.toString());
        Path file = download(api, done, "height.tif");
        assertMatches(file, 1, i -> {
            double sum = 3;
            for (int b = 0; b < BANDS; b++) {
                sum += weights[b] * pixels.get(b, i / WIDTH, i % WIDTH);
            }
            return new double[] {sum * 0.5};
        });
        assertEquals(List.of("Canopy height (m)"), descriptions(file));
        JsonNode range = done.get("summary").get("ramp").get(0);
        assertEquals("Canopy height (m)", range.get("name").asText());
        assertTrue(range.get("min").asDouble() < range.get("max").asDouble(), range.toString());

        // The item page reads a fixed one-channel float output of a regression model as values, not a probability.
        long fixed = upload(api, "Fixed", emd.replace("\"ImageWidth\": 64", "\"ImageWidth\": 64, \"ModelPadding\": 16"),
                TinyOnnxModels.binaryWithMetadata(BANDS, 64, java.util.Map.of()));
        JsonNode contract = api.get("/api/items/" + fixed + "/versions/1/model").json();
        assertEquals("values of Canopy height × 0.5 (regression) for the whole tile (tile 64, padding 16)",
                contract.get("outputs").get(0).get("meaning").asText(), contract.toString());

        var probabilities = api.postJson("/api/runs", submission(item, raster, "{\"returnProbabilityRaster\": true}"));
        assertEquals(422, probabilities.status(), probabilities.body());
        assertEquals("cannot_run_here", probabilities.json().get("error").asText());
        assertTrue(probabilities.body().contains("regression model"), probabilities.body());
    }

    @Test
    void probabilitiesAreRefusedBeforeQueueingForAModelAnsweringClassIndexesOrWithUnknownBands(PortalServer portal)
            throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long indexes = upload(api, "Indexes", TestEmds.brightestBand(64), TinyOnnxModels.brightestBandWins(BANDS));
        long scores = upload(api, "Scores", TestEmds.brightestBand(64),
                TinyOnnxModels.scaledBandScores(BANDS, FACTOR, false, 0));
        long raster = uploadRaster(api, scene(33L));

        var fromIndexes = api.postJson("/api/runs", submission(indexes, raster, "{\"returnProbabilityRaster\": true}"));
        var unknownBands = api.postJson("/api/runs", submission(scores, raster, "{\"returnProbabilityRaster\": true,"
                + " \"probabilityBands\": \"top_two\"}"));

        assertEquals(422, fromIndexes.status(), fromIndexes.body());
        assertTrue(fromIndexes.body().contains("class indexes rather than scores"), fromIndexes.body());
        assertEquals(422, unknownBands.status(), unknownBands.body());
        assertTrue(unknownBands.body().contains("probabilityBands must be"), unknownBands.body());
    }

    private long upload(RestClient api, String name, String emd, byte[] model) throws Exception {
        String file = emd.replaceAll("(?s).*\"ModelFile\": \"([^\"]+)\".*", "$1");
        var uploaded = api.upload(name + "_" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".dlpk",
                aPackage().withEmd(emd).withFile(file, model).bytes());
        assertEquals(201, uploaded.status(), uploaded.body());
        return uploaded.json().get("id").asLong();
    }

    /** Random 8-bit-like values, but a west quarter of one colour. */
    private static FloatBands scene(long seed) {
        FloatBands pixels = FloatBands.zeros(WIDTH, HEIGHT, BANDS);
        Random random = new Random(seed);
        for (int row = 0; row < HEIGHT; row++) {
            for (int col = 0; col < WIDTH; col++) {
                for (int band = 0; band < BANDS; band++) {
                    pixels.set(band, row, col, col < WIDTH / 4 ? WEST[band] : random.nextInt(256));
                }
            }
        }
        return pixels;
    }

    private long uploadRaster(RestClient api, FloatBands pixels) throws Exception {
        Path scene = tmp.resolve("scene-" + System.nanoTime() + ".tif");
        GeoTiffs.write(scene, pixels, GeoTransform.northUp(500_000, 4_200_000, 10, 10), 32633);
        var uploaded = api.upload("/api/rasters", "scene.tif", Files.readAllBytes(scene));
        assertEquals(201, uploaded.status(), uploaded.body());
        return uploaded.json().get("id").asLong();
    }

    private static String submission(long item, long raster, String arguments) {
        return "{\"item\": " + item + ", \"raster\": " + raster + ", \"arguments\": " + arguments + "}";
    }

    private static JsonNode run(RestClient api, long item, long raster, String arguments) throws Exception {
        var submitted = api.postJson("/api/runs", submission(item, raster, arguments));
        assertEquals(202, submitted.status(), submitted.body());
        JsonNode done = RunLifecycleIT.await(api, submitted.json().get("id").asLong(),
                s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
        return done;
    }

    private Path download(RestClient api, JsonNode run, String name) throws Exception {
        Path file = tmp.resolve(name);
        Files.write(file, api.download("/api/runs/" + run.get("id").asLong() + "/outputs/0", 200));
        return file;
    }

    // Computed here in double precision, independently of the runner's PixelMeasures.
    private static double[] softmax(FloatBands pixels, int i) {
        double[] scores = new double[BANDS];
        double sum = 0;
        for (int b = 0; b < BANDS; b++) {
            scores[b] = Math.exp(FACTOR * pixels.get(b, i / WIDTH, i % WIDTH));
            sum += scores[b];
        }
        for (int b = 0; b < BANDS; b++) {
            scores[b] /= sum;
        }
        return scores;
    }

    private static double max(double[] values) {
        double best = values[0];
        for (double v : values) {
            best = Math.max(best, v);
        }
        return best;
    }

    private static void assertMatches(Path file, int bands, IntFunction<double[]> expected) throws Exception {
        FloatBands written = GeoTiffs.read(file).pixels();
        assertEquals(WIDTH, written.width());
        assertEquals(HEIGHT, written.height());
        assertEquals(bands, written.bandCount());
        long wrong = 0;
        String first = null;
        for (int i = 0; i < WIDTH * HEIGHT; i++) {
            double[] want = expected.apply(i);
            for (int b = 0; b < bands; b++) {
                float got = written.get(b, i / WIDTH, i % WIDTH);
                if (!(Math.abs(got - want[b]) <= TOLERANCE * Math.max(1, Math.abs(want[b])))) {
                    wrong++;
                    first = first != null ? first : "pixel " + i + " band " + b + ": " + got + " != " + want[b];
                }
            }
        }
        assertEquals(0, wrong, first);
    }

    private static List<String> descriptions(Path file) {
        Gdal.init();
        Dataset dataset = gdal.Open(file.toString(), gdalconst.GA_ReadOnly);
        try {
            assertEquals(gdalconst.GDT_Float32, dataset.GetRasterBand(1).getDataType());
            List<String> names = new ArrayList<>();
            for (int b = 1; b <= dataset.GetRasterCount(); b++) {
                names.add(dataset.GetRasterBand(b).GetDescription());
            }
            return names;
        } finally {
            dataset.delete();
        }
    }
}
