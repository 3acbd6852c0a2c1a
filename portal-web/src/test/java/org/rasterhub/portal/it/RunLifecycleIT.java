package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoRaster;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.testmodels.RealisticOnnxModels;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * A run's life through the real portal: collections, cancel, retry, feature layer uploads, and a
 * run that survives its server being killed.
 */
@ExtendWith(PortalExtension.class)
class RunLifecycleIT {
    static final String EMD = TestEmds.brightestBand(32);
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    /** Silent runs looked for every 2 s and requeued after 25 s: a restarted portal picks its run up soon. */
    private static final String QUICK_RECOVERY = "-Drasterhub.runSilenceSeconds=25 -Drasterhub.runRecoverySeconds=2";

    @TempDir Path tmp;

    @Test
    void aCollectionGivesEachRasterItsOwnResult(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long item = model(api, "Collection");
        // Two areas, each one class: left third red, then all green, so each result is checkable.
        long west = raster(api, "west.tif", 70, 50, col -> 0, GeoTransform.northUp(500_000, 4_200_000, 10, 10));
        long east = raster(api, "east.tif", 60, 40, col -> 1, GeoTransform.northUp(500_700, 4_200_000, 10, 10));

        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"tool\": \"classify_pixels\","
                + " \"rasters\": [" + west + ", " + east + "]}");
        assertEquals(202, submitted.status(), submitted.body());
        JsonNode done = await(api, submitted.json().get("id").asLong(), s -> FINISHED.contains(s.get("status").asText()),
                Duration.ofSeconds(120));

        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
        assertEquals(2, done.get("inputs").size());
        assertEquals(2, done.get("outputs").size(), done.toString());
        for (int i = 0; i < 2; i++) {
            JsonNode output = done.get("outputs").get(i);
            assertEquals(i, output.get("input").asInt());
            assertEquals("cog", output.get("format").asText());
            Path file = tmp.resolve("out-" + i + ".tif");
            Files.write(file, api.download(output.get("href").asText(), 200));
            GeoRaster classes = GeoTiffs.read(file);
            assertEquals(i == 0 ? 70 : 60, classes.pixels().width());
            assertEquals(i, (int) classes.pixels().get(0, 10, 10), "raster " + i + " is all class " + i);
        }
        assertTrue(done.get("outputs").get(1).get("fileName").asText().contains("east"), done.toString());
        assertEquals("Red", done.get("summary").get("legend").get(0).get("name").asText());
    }

    @Test
    void aRunningRunStopsWhenCancelledAndARetryRunsItAgain(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        long item = slowModel(api, "Cancel");
        // 64 tiles of 256² at ~100 ms: several seconds to cancel in.
        long big = raster(api, "big.tif", 1500, 1500, col -> col % 3, GeoTransform.northUp(0, 3000, 2, 2));
        String body = "{\"item\": " + item + ", \"rasters\": [" + big + "], \"arguments\": {\"padding\": 32}}";
        long run = api.postJson("/api/runs", body).json().get("id").asLong();

        await(api, run, s -> s.get("tilesDone").asInt() > 0 || FINISHED.contains(s.get("status").asText()),
                Duration.ofSeconds(120));
        var cancelling = api.postJson("/api/runs/" + run + "/cancel", "");
        assertEquals(200, cancelling.status(), cancelling.body());
        assertTrue(cancelling.json().get("cancelRequested").asBoolean());
        JsonNode cancelled = await(api, run, s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(60));
        assertEquals("CANCELLED", cancelled.get("status").asText(), cancelled.toString());
        assertTrue(cancelled.get("tilesDone").asInt() < cancelled.get("tilesTotal").asInt(), cancelled.toString());
        assertTrue(cancelled.get("message").asText().startsWith("cancelled after"), cancelled.toString());
        assertEquals(0, cancelled.get("outputs").size());

        var again = api.postJson("/api/runs/" + run + "/cancel", "");
        assertEquals(409, again.status(), "a finished run cannot be cancelled: " + again.body());

        var retried = api.postJson("/api/runs/" + run + "/retry", "");
        assertEquals(202, retried.status(), retried.body());
        long retry = retried.json().get("id").asLong();
        assertNotEquals(run, retry);
        assertEquals(run, retried.json().get("retryOf").asLong());
        assertEquals(cancelled.get("arguments").asText(), retried.json().get("arguments").asText());
        // Stop the retry too: the point is that it was queued with the same inputs, not its pixels.
        api.postJson("/api/runs/" + retry + "/cancel", "");
        JsonNode second = await(api, retry, s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(60));
        assertEquals("CANCELLED", second.get("status").asText(), second.toString());
        assertEquals(404, api.postJson("/api/runs/987654/retry", "").status(), "no such run");
    }

    @Test
    void aFeatureLayerIsStoredAndJunkIsRefused(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        var stored = api.upload("/api/features", "fields.geojson", """
                {"type": "FeatureCollection", "features": [
                  {"type": "Feature", "properties": {"name": "north"},
                   "geometry": {"type": "Polygon", "coordinates": [[[10,50],[11,50],[11,51],[10,51],[10,50]]]}}]}
                """.getBytes());
        assertEquals(201, stored.status(), stored.body());
        assertEquals(1, stored.json().get("features").asInt());
        assertEquals("Polygon", stored.json().get("geometryType").asText());
        assertEquals(200, api.get("/api/features/" + stored.json().get("id").asLong()).status());

        var junk = api.upload("/api/features", "fields.geojson", "{\"type\": \"Feat".getBytes());
        assertEquals(422, junk.status(), junk.body());
        assertEquals("not_a_feature_layer", junk.json().get("error").asText());
        assertTrue(junk.json().get("message").asText().startsWith("fields.geojson:"), junk.body());
        assertTrue(!Files.list(portal.home().resolve("tmp")).anyMatch(p -> p.getFileName().toString()
                .startsWith("features-")), "nothing staged is left behind");
    }

    @Test
    void aRunWhoseServerIsKilledStartsOverAfterTheRestart() throws Exception {
        Path home = Files.createDirectories(PortalServer.WORK.resolve("home-crash-" + System.currentTimeMillis()));
        long run;
        PortalServer first = PortalServer.start(home, PortalServer.WORK.resolve("portal-before-crash.log"),
                QUICK_RECOVERY);
        try {
            RestClient api = RestClient.asAdmin(first);
            long item = slowModel(api, "Crash");
            long big = raster(api, "big.tif", 1500, 1500, col -> col % 3, GeoTransform.northUp(0, 3000, 2, 2));
            run = api.postJson("/api/runs", "{\"item\": " + item + ", \"rasters\": [" + big
                    + "], \"arguments\": {\"padding\": 32}}").json().get("id").asLong();
            JsonNode running = await(api, run, s -> s.get("tilesDone").asInt() > 0
                    || FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
            assertEquals("RUNNING", running.get("status").asText(), "killed mid-run: " + running);
        } finally {
            first.kill();
        }
        try (PortalServer second = PortalServer.start(home, PortalServer.WORK.resolve("portal-after-crash.log"),
                QUICK_RECOVERY)) {
            RestClient api = RestClient.asAdmin(second);
            JsonNode done = await(api, run, s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(240));
            assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
            assertEquals(2, done.get("attempts").asInt(), "started over once: " + done);
            assertEquals(done.get("tilesTotal").asInt(), done.get("tilesDone").asInt());
            Path file = tmp.resolve("after-crash.tif");
            Files.write(file, api.download("/api/runs/" + run + "/result", 200));
            GeoRaster classes = GeoTiffs.read(file);
            assertEquals(1500, classes.pixels().width(), "the whole raster, written by the second attempt");
            for (int col : new int[] {0, 1, 2, 749, 1499}) {
                float value = classes.pixels().get(0, 700, col);
                assertTrue(value >= 0 && value < RealisticOnnxModels.CLASSES, "column " + col + ": " + value);
            }
        }
    }

    @Test
    void aRunWhoseRunnerIsKilledResumesOnTheRestartedRunnerWithTheResultOfAnUninterruptedRun() throws Exception {
        Path home = Files.createDirectories(PortalServer.WORK.resolve("home-runner-kill-" + System.currentTimeMillis()));
        // Work units of one tile row (8 of 8 × 8 tiles), as a large raster's would be with the default size.
        try (PortalServer portal = PortalServer.start(home, PortalServer.WORK.resolve("portal-runner-kill.log"),
                QUICK_RECOVERY, null, java.util.Map.of("RASTERHUB_RUNNER_UNIT_TILES", "8"))) {
            RestClient api = RestClient.asAdmin(portal);
            long item = slowModel(api, "RunnerKill");
            long big = raster(api, "killed.tif", 1500, 1500, col -> col % 3, GeoTransform.northUp(0, 3000, 2, 2));
            String submission = "{\"item\": " + item + ", \"rasters\": [" + big + "], \"arguments\": {\"padding\": 32}}";
            long run = api.postJson("/api/runs", submission).json().get("id").asLong();
            // Two units done at least: what the next attempt must not do again.
            JsonNode running = await(api, run, s -> s.get("tilesDone").asInt() >= 24
                    || FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
            assertEquals("RUNNING", running.get("status").asText(), "killed mid-run: " + running);
            JsonNode runners = api.get("/api/runners").json();
            assertEquals(1, runners.get("online").asInt(), runners.toString());
            JsonNode runner = runners.get("runners").get(0);
            assertEquals(running.get("node").asText(), runner.get("name").asText(), runners.toString());
            assertEquals(run, runner.get("currentRun").asLong(), "the Runners list shows what it works on: " + runners);

            long killed = portal.killRunner();
            assertEquals(200, api.get("/api/health").status(), "the portal lives on without its runner");
            assertTrue(portal.runner().pid() != killed, "the portal started its runner again");
            JsonNode done = await(api, run, s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(240));
            assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
            assertEquals(2, done.get("attempts").asInt(), "picked up again once: " + done);
            JsonNode units = done.get("telemetry").get("workUnits");
            assertEquals(8, units.size(), units.toString());
            int claims = 0;
            for (JsonNode unit : units) {
                claims += unit.get("claims").asInt();
            }
            assertTrue(claims <= units.size() + 1, "resumed: only the unit in hand when it was killed worked twice: "
                    + units);

            long uninterrupted = api.postJson("/api/runs", submission).json().get("id").asLong();
            JsonNode again = await(api, uninterrupted, s -> FINISHED.contains(s.get("status").asText()),
                    Duration.ofSeconds(240));
            assertEquals(1, again.get("attempts").asInt(), again.toString());
            assertArrayEquals(api.download("/api/runs/" + uninterrupted + "/result", 200),
                    api.download("/api/runs/" + run + "/result", 200),
                    "the run its runner died under wrote exactly the bytes of an uninterrupted run");
        }
    }

    @Test
    void aRunThatKeepsKillingItsRunnerFailsAfterItsThirdAttemptWhileThePortalStaysHealthy() throws Exception {
        // A run whose runner dies under it (natively, or out of memory) is tried again, but not for ever.
        Path home = Files.createDirectories(PortalServer.WORK.resolve("home-crashes-" + System.currentTimeMillis()));
        try (PortalServer portal = PortalServer.start(home, PortalServer.WORK.resolve("portal-runner-crashes.log"),
                QUICK_RECOVERY, null, java.util.Map.of("RASTERHUB_RUNNER_MAX_HEAP", RUNNER_HEAP))) {
            RestClient api = RestClient.asAdmin(portal);
            long item = slowModel(api, "Crashes");
            long big = raster(api, "crashing.tif", 1500, 1500, col -> col % 3, GeoTransform.northUp(0, 3000, 2, 2));
            long run = api.postJson("/api/runs", "{\"item\": " + item + ", \"rasters\": [" + big
                    + "], \"arguments\": {\"padding\": 32}}").json().get("id").asLong();
            long crashed = 0;
            for (int attempt = 1; attempt <= 3; attempt++) {
                int expected = attempt;
                JsonNode running = await(api, run, s -> s.get("attempts").asInt() == expected
                        && s.get("tilesDone").asInt() > 0 || FINISHED.contains(s.get("status").asText()),
                        Duration.ofSeconds(180));
                assertEquals("RUNNING", running.get("status").asText(), "attempt " + attempt + ": " + running);
                if (attempt == 2) {
                    assertTrue(running.get("message").asText().contains("attempt 1 stopped (was killed (SIGKILL)"),
                            "the owner reads how attempt 1 ended: " + running);
                }
                // Killed twice (the OOM killer's SIGKILL), then a crash in native code.
                if (attempt < 3) {
                    portal.killRunner();
                } else {
                    crashed = portal.crashRunner();
                }
            }
            JsonNode done = await(api, run, s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
            assertEquals("FAILED", done.get("status").asText(), done.toString());
            assertEquals(3, done.get("attempts").asInt(), "no fourth attempt: " + done);
            String message = done.get("message").asText();
            assertTrue(message.contains("stopped mid-run on each of its 3 attempts"), message);
            assertTrue(message.contains("The last time it crashed in native code (SIGSEGV"), message);
            assertTrue(message.contains("its crash report is in the runner's log folder"), message);
            assertFalse(message.contains(home.toString()), "no server path for the run's owner: " + message);
            assertTrue(Files.isRegularFile(home.resolve("logs/runner-crash-" + crashed + ".log")),
                    "the crash report is kept for the administrator");

            // The portal stayed healthy, and its restarted runner works on: a model whose answer outgrows
            // the runner's heap fails its run with that cause, and the runner runs the next run.
            assertEquals(200, api.get("/api/health").status());
            long runner = portal.runner().pid();
            long hungry = memoryHungryModel(api);
            long tile = raster(api, "hungry.tif", 128, 128, col -> col % 3, GeoTransform.northUp(0, 128, 1, 1));
            long oom = api.postJson("/api/runs", "{\"item\": " + hungry + ", \"rasters\": [" + tile
                    + "], \"arguments\": {\"padding\": 0, \"batchSize\": 1}}").json().get("id").asLong();
            JsonNode outOfMemory = await(api, oom, s -> FINISHED.contains(s.get("status").asText()),
                    Duration.ofSeconds(120));
            assertEquals("FAILED", outOfMemory.get("status").asText(), outOfMemory.toString());
            assertEquals(1, outOfMemory.get("attempts").asInt(), "out of memory is not retried: " + outOfMemory);
            assertTrue(outOfMemory.get("message").asText().contains("the runner ran out of memory while running it"),
                    outOfMemory.toString());
            assertTrue(outOfMemory.get("message").asText().contains("RASTERHUB_RUNNER_MAX_HEAP"), outOfMemory.toString());
            long small = raster(api, "small-after.tif", 40, 40, col -> 0, GeoTransform.northUp(0, 40, 1, 1));
            long next = api.postJson("/api/runs", "{\"item\": " + model(api, "AfterCrashes") + ", \"rasters\": ["
                    + small + "]}").json().get("id").asLong();
            assertEquals("SUCCEEDED", await(api, next, s -> FINISHED.contains(s.get("status").asText()),
                    Duration.ofSeconds(120)).get("status").asText());
            assertEquals(runner, portal.runner().pid(), "the runner lived through the model's out-of-memory");
        }
    }

    /** The runner heap of the crash test: small enough for {@link #memoryHungryModel} to outgrow. */
    private static final String RUNNER_HEAP = "256m";

    /** A 2-class model whose 8192 score channels make 512 MiB of answer for one 128² tile. */
    private static long memoryHungryModel(RestClient api) throws Exception {
        String emd = "{\"Framework\": \"Onnx\", \"ModelConfiguration\": \"Segmentation\", \"ModelFile\": \"hungry.onnx\","
                + " \"ModelType\": \"ImageClassification\", \"ImageHeight\": 128, \"ImageWidth\": 128,"
                + " \"ExtractBands\": [0, 1, 2], \"Classes\": [{\"Value\": 0, \"Name\": \"A\", \"Color\": [0, 0, 0]},"
                + " {\"Value\": 1, \"Name\": \"B\", \"Color\": [255, 255, 255]}]}";
        var uploaded = api.upload("Hungry.dlpk", aPackage().withEmd(emd)
                .withFile("hungry.onnx", TinyOnnxModels.memoryHungry(3, 8192)).bytes());
        assertEquals(201, uploaded.status(), uploaded.body());
        return uploaded.json().get("id").asLong();
    }

    /**
     * A model of realistic cost (~100 ms a 256² tile on 2 cores): runs last long enough to be
     * cancelled or killed mid-run however fast the pipeline around the model gets.
     */
    static long slowModel(RestClient api, String name) throws Exception {
        StringBuilder classes = new StringBuilder();
        for (int c = 0; c < RealisticOnnxModels.CLASSES; c++) {
            classes.append(c == 0 ? "" : ", ").append("{\"Value\": ").append(c).append(", \"Name\": \"C").append(c)
                    .append("\", \"Color\": [").append(40 * c).append(", 0, 0]}");
        }
        String emd = "{\"Framework\": \"Onnx\", \"ModelConfiguration\": \"Segmentation\", \"ModelFile\": \"net.onnx\","
                + " \"ModelType\": \"ImageClassification\", \"ImageHeight\": 256, \"ImageWidth\": 256,"
                + " \"ExtractBands\": [0, 1, 2], \"Classes\": [" + classes + "]}";
        var uploaded = api.upload(name + ".dlpk", aPackage().withEmd(emd)
                .withFile("net.onnx", RealisticOnnxModels.segmentationNet(3)).bytes());
        assertEquals(201, uploaded.status(), uploaded.body());
        return uploaded.json().get("id").asLong();
    }

    static long model(RestClient api, String name) throws Exception {
        var uploaded = api.upload(name + ".dlpk", aPackage().withEmd(EMD)
                .withFile("brightest.onnx", TinyOnnxModels.brightestBandWins(3)).bytes());
        assertEquals(201, uploaded.status(), uploaded.body());
        return uploaded.json().get("id").asLong();
    }

    /** Uploads a raster whose brightest band in each column is {@code brightest(col)}. */
    long raster(RestClient api, String name, int width, int height, java.util.function.IntUnaryOperator brightest,
                GeoTransform transform) throws Exception {
        FloatBands pixels = FloatBands.zeros(width, height, 3);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                pixels.set(brightest.applyAsInt(col), row, col, 200);
            }
        }
        Path file = tmp.resolve(name);
        GeoTiffs.write(file, pixels, transform, 32633);
        var uploaded = api.upload("/api/rasters", name, Files.readAllBytes(file));
        assertEquals(201, uploaded.status(), uploaded.body());
        return uploaded.json().get("id").asLong();
    }

    static JsonNode await(RestClient api, long run, Predicate<JsonNode> until, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        Object state = null;
        while (Instant.now().isBefore(deadline)) {
            var response = api.get("/api/runs/" + run);
            // Right after a restart the first answers may still come from a portal warming up.
            if (response.status() != 200) {
                state = response.status() + " " + response.body();
            } else if (until.test(response.json())) {
                return response.json();
            } else {
                state = response.json();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + run + " did not get there within " + limit + ": " + state);
    }
}
