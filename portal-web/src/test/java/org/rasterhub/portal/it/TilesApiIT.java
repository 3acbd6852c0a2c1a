package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import javax.imageio.ImageIO;
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
 * Map tiles and extents through the real portal: a Classify Pixels run on a raster whose left half
 * is planted "Red" and right half "Green", then tiles over each half checked against the .emd colours.
 */
@ExtendWith(PortalExtension.class)
class TilesApiIT {
    private static final String EMD = TestEmds.brightestBand(64);
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final double LEFT = 500_000;
    private static final double TOP = 4_200_000;
    private static final int WIDTH = 200;
    private static final int HEIGHT = 100;
    private static final int ZOOM = 15;
    private static final double ORIGIN = 20037508.342789244;

    @TempDir Path tmp;

    @Test
    void classTilesShowTheEmdColoursOverThePlantedAreasAndNothingOutside(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long raster = plantedRaster(api);
        long run = classifyPixels(api, raster);
        String output = "/api/runs/" + run + "/outputs/0";

        assertEquals(0xffe60000, colourAt(portal, output, LEFT + 300, TOP - 500), "Red [230,0,0]");
        assertEquals(0xff00c800, colourAt(portal, output, LEFT + 1700, TOP - 500), "Green [0,200,0]");
        assertEquals(0, colourAt(portal, output, LEFT - 200, TOP - 500) >>> 24, "beside the raster: transparent");

        HttpResponse<byte[]> preview = get(portal, output + "/thumbnail.png?size=100", true);
        assertEquals(200, preview.statusCode(), new String(preview.body(), StandardCharsets.UTF_8));
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(preview.body()));
        assertEquals(100, thumbnail.getWidth(), "the longer side is the size asked");
        assertTrue(Math.abs(thumbnail.getHeight() - 50) <= 3, "a 2:1 raster stays 2:1: " + thumbnail.getHeight());
        assertEquals(0xffe60000, thumbnail.getRGB(15, 25), "Red on the west of the preview");
        assertEquals(0xff00c800, thumbnail.getRGB(85, 25), "Green on the east of the preview");
        assertEquals(422, get(portal, output + "/thumbnail.png?size=5000", true).statusCode());

        int[] far = tileOf(Projections.transform(32633, 3857, LEFT + 300, TOP - 500));
        HttpResponse<byte[]> outside = get(portal, output + "/tiles/" + ZOOM + "/" + (far[0] + 10) + "/" + far[1]
                + ".png", true);
        assertEquals(200, outside.statusCode());
        BufferedImage empty = ImageIO.read(new ByteArrayInputStream(outside.body()));
        for (int y = 0; y < 256; y += 15) {
            for (int x = 0; x < 256; x += 15) {
                assertEquals(0, empty.getRGB(x, y) >>> 24, "a tile away from the raster is transparent");
            }
        }

        JsonNode extent = api.get(output + "/extent").json();
        double[] upperLeft = Projections.transform(32633, 3857, LEFT, TOP);
        assertEquals(upperLeft[1], extent.get("maxY").asDouble(), 1.0);
        assertEquals(upperLeft[0], extent.get("minX").asDouble(), 1.0);
        assertTrue(extent.get("minLon").asDouble() > 14.9 && extent.get("maxLon").asDouble() < 15.1,
                extent.toString());
        JsonNode imageryExtent = api.get("/api/rasters/" + raster + "/extent").json();
        assertEquals(extent.get("minX").asDouble(), imageryExtent.get("minX").asDouble(), 1e-6);

        int[] tile = tileOf(Projections.transform(32633, 3857, LEFT + 1000, TOP - 500));
        HttpResponse<byte[]> imagery = get(portal, "/api/rasters/" + raster + "/tiles/" + ZOOM + "/" + tile[0] + "/"
                + tile[1] + ".png", true);
        assertEquals(200, imagery.statusCode(), new String(imagery.body(), StandardCharsets.UTF_8));
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(imagery.body()));
        int[] centre = pixelIn(Projections.transform(32633, 3857, LEFT + 1000, TOP - 500), tile);
        assertEquals(255, picture.getRGB(centre[0], centre[1]) >>> 24, "imagery over the raster is opaque");
    }

    @Test
    void tilesNeedCredentialsAndAnExistingRasterOutputOnTheGrid(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long raster = plantedRaster(api);
        long run = classifyPixels(api, raster);
        String tile = "/api/runs/" + run + "/outputs/0/tiles/" + ZOOM + "/0/0.png";

        // Without credentials a run and an imagery item do not exist: only their owners see them.
        assertEquals(404, get(portal, tile, false).statusCode());
        assertEquals(404, get(portal, "/api/rasters/" + raster + "/tiles/0/0/0.png", false).statusCode());
        HttpResponse<byte[]> bogusSession = HttpClient.newHttpClient().send(HttpRequest.newBuilder(portal.uri(tile))
                .header("Cookie", "JSESSIONID=not-a-session").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(404, bogusSession.statusCode(), "a cookie without a signed-in session is no credential");

        assertEquals(404, get(portal, "/api/runs/999999/outputs/0/tiles/0/0/0.png", true).statusCode());
        assertEquals(404, get(portal, "/api/runs/" + run + "/outputs/7/tiles/0/0/0.png", true).statusCode());
        assertEquals(404, get(portal, "/api/rasters/999999/tiles/0/0/0.png", true).statusCode());
        HttpResponse<byte[]> offGrid = get(portal, "/api/runs/" + run + "/outputs/0/tiles/2/4/0.png", true);
        assertEquals(422, offGrid.statusCode());
        assertTrue(new String(offGrid.body(), StandardCharsets.UTF_8)
                .contains("tile x and y at zoom 2 must be 0-3, were x=4 y=0"));
        assertEquals(422, get(portal, "/api/runs/" + run + "/outputs/0/tiles/25/0/0.png", true).statusCode());

        HttpResponse<byte[]> ok = get(portal, "/api/runs/" + run + "/outputs/0/tiles/0/0/0.png", true);
        assertEquals(200, ok.statusCode());
        assertEquals("image/png", ok.headers().firstValue("Content-Type").orElse(""));
        assertEquals("private, max-age=3600", ok.headers().firstValue("Cache-Control").orElse(""));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(ok.body(), 4));
    }

    @Test
    void aSignedInBrowserGetsTilesWithItsSessionButCannotWriteWithIt(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long raster = plantedRaster(api);
        long run = classifyPixels(api, raster);
        try (Browser browser = new Browser()) {
            new PortalPages(browser, portal).signIn("admin", PortalServer.ADMIN_PASSWORD);

            // fetch() from the portal's page sends its session cookie, as an OpenLayers tile request does.
            Object tile = fetch(browser, "/api/runs/" + run + "/outputs/0/tiles/0/0/0.png");
            // A write with the same cookie, sent from Java: in Chromium a 401 with a Basic challenge
            // would open a password dialog that headless mode never answers.
            String cookies = browser.driver.manage().getCookies().stream()
                    .map(c -> c.getName() + "=" + c.getValue()).collect(java.util.stream.Collectors.joining("; "));
            HttpResponse<byte[]> write = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    portal.uri("/api/runs/" + run + "/cancel")).header("Cookie", cookies)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    portal.uri("/api/runs/" + run + "/outputs/0/extent")).header("Cookie", cookies).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertEquals("200 image/png", tile);
            assertEquals(200, read.statusCode(), "a GET with the signed-in session's cookie");
            assertEquals(401, write.statusCode(), "a POST with the session's cookie but no Basic credentials");
        }
    }

    private static Object fetch(Browser browser, String path) {
        return ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {credentials: 'same-origin'})"
                + ".then(r => done(r.status + ' ' + (r.headers.get('Content-Type') || '').split(';')[0]))"
                + ".catch(e => done('failed ' + e));", path);
    }

    @Test
    void vectorOutputsHaveNoTiles(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        String emd = TestEmds.SQUARES;
        long item = api.upload("Squares.dlpk", aPackage().withEmd(emd).withFile("squares.onnx",
                TinyDetectionModels.squareDetector(2, 64, 12, 20, 1, TinyDetectionModels.Outputs.FLOAT_CLASSES))
                .bytes()).json().get("id").asLong();
        FloatBands pixels = FloatBands.zeros(64, 64, 2);
        long raster = upload(api, "harbour.tif", pixels);
        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"tool\": \"detect_objects\", \"rasters\": ["
                + raster + "]}");
        assertEquals(202, submitted.status(), submitted.body());
        JsonNode done = RunLifecycleIT.await(api, submitted.json().get("id").asLong(),
                s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());

        var refused = api.get("/api/runs/" + done.get("id").asLong() + "/outputs/0/tiles/0/0/0.png");

        assertEquals(422, refused.status(), refused.body());
        assertEquals("not_a_raster_output", refused.json().get("error").asText());
        assertEquals(422, api.get("/api/runs/" + done.get("id").asLong() + "/outputs/0/extent").status());
    }

    /** Left half: band 0 brightest (class Red); right half: band 1 brightest (class Green). */
    private long plantedRaster(RestClient api) throws Exception {
        FloatBands pixels = FloatBands.zeros(WIDTH, HEIGHT, 3);
        for (int row = 0; row < HEIGHT; row++) {
            for (int col = 0; col < WIDTH; col++) {
                pixels.set(col < WIDTH / 2 ? 0 : 1, row, col, 200);
                pixels.set(2, row, col, 50);
            }
        }
        return upload(api, "planted.tif", pixels);
    }

    private long upload(RestClient api, String name, FloatBands pixels) throws Exception {
        Path file = tmp.resolve(name);
        GeoTiffs.write(file, pixels, GeoTransform.northUp(LEFT, TOP, 10, 10), 32633);
        var uploaded = api.upload("/api/rasters", name, Files.readAllBytes(file));
        assertEquals(201, uploaded.status(), uploaded.body());
        return uploaded.json().get("id").asLong();
    }

    private static long classifyPixels(RestClient api, long raster) throws Exception {
        long item = api.upload("Brightest.dlpk", aPackage().withEmd(EMD).withFile("brightest.onnx",
                TinyOnnxModels.brightestBandWins(3)).bytes()).json().get("id").asLong();
        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"raster\": " + raster + "}");
        assertEquals(202, submitted.status(), submitted.body());
        JsonNode done = RunLifecycleIT.await(api, submitted.json().get("id").asLong(),
                s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
        assertEquals("cog", done.get("outputs").get(0).get("format").asText());
        return done.get("id").asLong();
    }

    /** The colour the tile API draws at a UTM 33N point. */
    private static int colourAt(PortalServer portal, String output, double easting, double northing)
            throws Exception {
        double[] m = Projections.transform(32633, 3857, easting, northing);
        int[] tile = tileOf(m);
        HttpResponse<byte[]> response = get(portal, output + "/tiles/" + ZOOM + "/" + tile[0] + "/" + tile[1]
                + ".png", true);
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        int[] pixel = pixelIn(m, tile);
        return image.getRGB(pixel[0], pixel[1]);
    }

    private static HttpResponse<byte[]> get(PortalServer portal, String path, boolean signedIn) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(portal.uri(path)).timeout(Duration.ofSeconds(60)).GET();
        if (signedIn) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ("admin:" + PortalServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int[] tileOf(double[] m) {
        double size = 2 * ORIGIN / (1 << ZOOM);
        return new int[] {(int) Math.floor((m[0] + ORIGIN) / size), (int) Math.floor((ORIGIN - m[1]) / size)};
    }

    private static int[] pixelIn(double[] m, int[] tile) {
        double size = 2 * ORIGIN / (1 << ZOOM);
        return new int[] {(int) Math.floor((m[0] + ORIGIN - tile[0] * size) / size * 256),
            (int) Math.floor((ORIGIN - tile[1] * size - m[1]) / size * 256)};
    }

}
