package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.testmodels.TinyDetectionModels;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * Results become layer items: a publisher's run makes private layers of its results, which they
 * share with a group; members then see, draw and download them (with their CRS), outsiders and
 * anonymous visitors do not, and nobody but the owner sees the run or the imagery behind them.
 */
@ExtendWith(PortalExtension.class)
class LayersApiIT {
    private static final String PASSWORD = "layers-password-1";
    private static final String CLASSIFIER = TestEmds.brightestBand(64);
    private static final String DETECTOR = TestEmds.SQUARES;
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    @TempDir Path tmp;

    @Test
    void aRunsResultsArePrivateLayersThatItsOwnerSharesWithAGroup(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        RestClient pia = admin.createAccount("pia-" + suffix, PASSWORD, "publisher");
        RestClient uma = admin.createAccount("uma-" + suffix, PASSWORD, "user");
        RestClient otto = admin.createAccount("otto-" + suffix, PASSWORD, "publisher");

        long model = pia.upload("Brightest_" + suffix + ".dlpk", aPackage().withEmd(CLASSIFIER)
                .withFile("brightest.onnx", TinyOnnxModels.brightestBandWins(3)).bytes()).json().get("id").asLong();
        long raster = raster(pia, "fields-" + suffix + ".tif", 3, true);
        long run = finishedRun(pia, "{\"item\": " + model + ", \"tool\": \"classify_pixels\", \"rasters\": ["
                + raster + "]}");

        JsonNode mine = pia.get("/api/layers?run=" + run).json();
        assertEquals(1, mine.size(), mine.toString());
        JsonNode layer = mine.get(0);
        long id = layer.get("id").asLong();
        assertEquals("PRIVATE", layer.get("sharing").asText());
        assertEquals("IMAGERY", layer.get("type").asText());
        assertEquals("Brightest_" + suffix + " · Classify Pixels · fields-" + suffix + ".tif",
                layer.get("title").asText());
        assertEquals(model, layer.get("model").get("item").asLong());
        assertEquals(1, layer.get("model").get("version").asInt());
        assertEquals("fields-" + suffix + ".tif", layer.get("inputs").get(0).get("fileName").asText());
        assertEquals(3, layer.get("legend").size());

        String path = "/api/layers/" + id;
        assertEquals(404, uma.get(path).status(), "private: not even its existence");
        assertEquals(404, RestClient.anonymous(portal).get(path + "/thumbnail.png").status());

        var group = pia.postJson("/api/groups", "{\"name\": \"mappers-" + suffix + "\"}").json();
        assertEquals(200, pia.putJson("/api/groups/" + group.get("id").asLong() + "/members",
                "{\"members\": [\"uma-" + suffix + "\"]}").status());
        assertEquals(200, uma.postJson("/api/invitations/" + group.get("id").asLong() + "/accept", "{}").status());
        var shared = pia.putJson(path + "/sharing", "{\"sharing\": \"groups\", \"groups\": ["
                + group.get("id").asLong() + "]}");
        assertEquals(200, shared.status(), shared.body());

        JsonNode seen = uma.get(path).json();
        assertEquals(id, seen.get("id").asLong());
        assertTrue(seen.get("allowed").toString().contains("download"));
        assertEquals(404, uma.get("/api/runs/" + run).status(), "the run stays the owner's");
        assertEquals(404, uma.get("/api/rasters/" + raster).status(), "so does the imagery");
        assertEquals(404, otto.get(path).status(), "outside the group");
        assertEquals(403, uma.putJson(path + "/sharing", "{\"sharing\": \"public\"}").status(),
                "members see, only the owner shares");

        // Members draw it and download it, with its CRS.
        byte[] cog = uma.download(path + "/data/cog", 200);
        Path file = tmp.resolve("layer.tif");
        Files.write(file, cog);
        Gdal.init();
        Dataset dataset = gdal.Open(file.toString());
        try {
            assertTrue(dataset.GetProjection().contains("32633") || dataset.GetProjection().contains("UTM zone 33N"),
                    dataset.GetProjection());
        } finally {
            dataset.delete();
        }
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(uma.download(path + "/thumbnail.png?size=100",
                200)));
        assertEquals(0xffe60000, thumbnail.getRGB(15, 25), "Red on the west, in the .emd colour");
        assertEquals(0xff00c800, thumbnail.getRGB(85, 25), "Green on the east");
        assertEquals(200, uma.get(path + "/extent").status());
        assertEquals(200, uma.get(path + "/tiles/0/0/0.png").status());
        assertTrue(listedIds(uma).contains(id));
        assertTrue(!listedIds(otto).contains(id));

        assertEquals(200, pia.putJson(path + "/sharing", "{\"sharing\": \"public\"}").status());
        assertEquals(200, RestClient.anonymous(portal).get(path).status(), "public layers are for everyone");
        assertEquals(200, otto.get(path + "/thumbnail.png").status());
    }

    @Test
    void detectedObjectsAreOneFeatureLayerInTwoFormatsWithAnOutlinedThumbnail(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        RestClient pia = admin.createAccount("pia-det-" + suffix, PASSWORD, "publisher");
        long model = pia.upload("Squares_" + suffix + ".dlpk", aPackage().withEmd(DETECTOR).withFile("squares.onnx",
                TinyDetectionModels.squareDetector(2, 64, 12, 20, 1, TinyDetectionModels.Outputs.FLOAT_CLASSES))
                .bytes()).json().get("id").asLong();
        long raster = raster(pia, "harbour-" + suffix + ".tif", 2, false);
        long run = finishedRun(pia, "{\"item\": " + model + ", \"tool\": \"detect_objects\", \"rasters\": ["
                + raster + "]}");

        JsonNode layers = pia.get("/api/layers?run=" + run).json();
        assertEquals(1, layers.size(), "GeoPackage and GeoJSON of the same objects are one layer: " + layers);
        JsonNode layer = layers.get(0);
        assertEquals("FEATURES", layer.get("type").asText());
        assertEquals(2, layer.get("files").size(), layer.toString());
        assertNull(layer.get("tiles").textValue());
        long id = layer.get("id").asLong();

        var geoJson = pia.get("/api/layers/" + id + "/data/geojson");
        assertEquals(200, geoJson.status());
        assertTrue(geoJson.contentType().startsWith("application/geo+json"), geoJson.contentType());
        assertEquals(layer.get("features").asInt(), geoJson.json().get("features").size());
        byte[] gpkg = pia.download("/api/layers/" + id + "/data/geopackage", 200);
        assertEquals("SQLite format 3", new String(gpkg, 0, 15, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(422, pia.get("/api/layers/" + id + "/tiles/0/0/0.png").status());
        assertEquals(404, pia.get("/api/layers/" + id + "/data/shapefile").status());

        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(pia.download("/api/layers/" + id
                + "/thumbnail.png?size=120", 200)));
        boolean classColour = false;
        for (int y = 0; y < thumbnail.getHeight() && !classColour; y++) {
            for (int x = 0; x < thumbnail.getWidth() && !classColour; x++) {
                int rgb = thumbnail.getRGB(x, y) & 0xffffff;
                classColour = rgb == 0xff0000 || rgb == 0x0000ff;
            }
        }
        assertTrue(classColour, "objects are outlined in their class colours");

        // The default thumbnail was drawn as the run finished and stored: it is a blob of its own, and it
        // is served without reading the layer's GeoJSON at all (here: with that GeoJSON gone).
        byte[] stored = pia.download("/api/layers/" + id + "/thumbnail.png", 200);
        String storedHash = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(stored));
        assertTrue(java.nio.file.Files.exists(portal.blob(storedHash)), "the thumbnail is a stored blob");
        assertEquals(200, ImageIO.read(new ByteArrayInputStream(stored)).getWidth(), "the default size");
        java.nio.file.Path geoJsonBlob = null;
        for (JsonNode file : layer.get("files")) {
            if (file.get("format").asText().equals("geojson")) {
                geoJsonBlob = portal.blob(file.get("sha256").asText());
            }
        }
        java.nio.file.Path aside = geoJsonBlob.resolveSibling(geoJsonBlob.getFileName() + ".aside");
        java.nio.file.Files.move(geoJsonBlob, aside);   // put back below: other runs may share these bytes
        try {
            assertArrayEquals(stored, pia.download("/api/layers/" + id + "/thumbnail.png", 200));
        } finally {
            java.nio.file.Files.move(aside, geoJsonBlob);
        }
    }

    /**
     * A raster in UTM 33N; with {@code halves}, the left half brightest in band 0 and the right half in
     * band 1; otherwise two squares of 1.0 (the detector scores mean brightness 0-1) in band 0.
     */
    private long raster(RestClient api, String name, int bands, boolean halves) throws Exception {
        int width = halves ? 200 : 64;
        int height = halves ? 100 : 64;
        FloatBands pixels = FloatBands.zeros(width, height, bands);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                if (halves) {
                    pixels.set(col < width / 2 ? 0 : 1, row, col, 200);
                    pixels.set(2, row, col, 50);
                } else if (row >= 10 && row < 22 && (col >= 10 && col < 22 || col >= 40 && col < 52)) {
                    pixels.set(0, row, col, 1);
                }
            }
        }
        Path file = tmp.resolve(name);
        GeoTiffs.write(file, pixels, GeoTransform.northUp(500_000, 4_200_000, 10, 10), 32633);
        var uploaded = api.upload("/api/rasters", name, Files.readAllBytes(file));
        assertEquals(201, uploaded.status(), uploaded.body());
        return uploaded.json().get("id").asLong();
    }

    private static long finishedRun(RestClient api, String request) throws Exception {
        var submitted = api.postJson("/api/runs", request);
        assertEquals(202, submitted.status(), submitted.body());
        JsonNode done = RunLifecycleIT.await(api, submitted.json().get("id").asLong(),
                s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
        return done.get("id").asLong();
    }

    private static java.util.List<Long> listedIds(RestClient client) throws Exception {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        client.get("/api/layers").json().forEach(layer -> ids.add(layer.get("id").asLong()));
        return ids;
    }
}
