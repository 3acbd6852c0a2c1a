package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.testmodels.TinyDetectionModels;

/**
 * Work units (issue #15): a Classify Pixels run over a large raster is split into bands of tile rows
 * that several runner nodes work at once, and merged into the file one runner writes whole, byte for
 * byte. A runner killed (SIGKILL) mid-unit loses only its unit, which another claims after its
 * heartbeat stops, and the run goes on in the same attempt; the coordinating runner killed, the next
 * attempt resumes with the units already done. PostgreSQL suite: the runners are processes of their
 * own on the cluster's database, as on other machines.
 */
class WorkUnitsIT {
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final String QUICK_RECOVERY = "-Drasterhub.runSilenceSeconds=25 -Drasterhub.runRecoverySeconds=2";
    /** 1500² pixels in 256² tiles with 32 pixels of padding: 8 × 8 tiles; 8 tiles a unit makes 8 units of one row. */
    private static final Map<String, String> ROW_UNITS = Map.of("RASTERHUB_RUNNER_UNIT_TILES", "8",
            "RASTERHUB_RUNNER_JAVA_OPTS", "-Drasterhub.unitSilenceSeconds=21");

    @Test
    void runnersShareARunsUnitsAndAKilledRunnerLosesOnlyItsUnitWithTheBytesOfAWholeRun() throws Exception {
        assumeTrue(PortalServer.ON_POSTGRES, "runners on other machines share PostgreSQL");
        Path home = Files.createDirectories(PortalServer.WORK.resolve("home-units-" + System.currentTimeMillis()));
        Map<String, Process> runners = new HashMap<>();
        try (PortalServer portal = PortalServer.start(home, PortalServer.WORK.resolve("portal-units.log"),
                QUICK_RECOVERY, null, Map.of("RASTERHUB_EMBEDDED_RUNNER", "0"))) {
            RestClient api = RestClient.asAdmin(portal);
            DataSource database = portal.database();
            long item = RunLifecycleIT.slowModel(api, "Units");
            long raster = TestRasters.uploadBlocks(api, home.resolveSibling(home.getFileName() + "-input.tif"), 1500);
            String submission = "{\"item\": " + item + ", \"rasters\": [" + raster + "], \"arguments\": {\"padding\": 32}}";

            // The reference: one runner whose units are bigger than the run works it whole.
            runners.put("units-whole", portal.startRunner("units-whole", Map.of("RASTERHUB_RUNNER_UNIT_TILES", "1000")));
            RunnerNodes.awaitOnline(api, "units-whole");
            JsonNode whole = finished(api, submit(api, submission));
            assertEquals("SUCCEEDED", whole.get("status").asText(), whole.toString());
            JsonNode noUnits = whole.get("telemetry").path("workUnits");
            assertTrue(noUnits.isNull() || noUnits.isMissingNode(), "worked whole: " + whole.get("telemetry"));
            byte[] wholeBytes = api.download("/api/runs/" + whole.get("id").asLong() + "/result", 200);
            // The other tools split in units, worked whole for reference.
            List<OtherTool> others = otherTools(api, home);
            Map<String, byte[]> othersWhole = new HashMap<>();
            for (OtherTool other : others) {
                JsonNode done = finished(api, submit(api, other.submission()));
                assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
                othersWhole.put(other.tool(), output(api, done, other.format()));
            }
            stop(runners.remove("units-whole"));

            // Two runners, units of one tile row; the one helping is killed while it holds a unit.
            runners.put("units-a", portal.startRunner("units-a", ROW_UNITS));
            runners.put("units-b", portal.startRunner("units-b", ROW_UNITS));
            RunnerNodes.awaitOnline(api, "units-a", "units-b");
            long shared = submit(api, submission);
            // Once it has finished a unit of its own: both runners' units are then in the merge.
            Unit held = awaitUnit(database, api, shared, (unit, coordinator, all) -> unit.running()
                    && !unit.node().equals(coordinator)
                    && all.stream().anyMatch(u -> u.state().equals("DONE") && u.node().equals(unit.node())));
            runners.remove(held.node()).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            JsonNode afterKill = finished(api, shared);
            assertEquals("SUCCEEDED", afterKill.get("status").asText(), afterKill.toString());
            assertEquals(1, afterKill.get("attempts").asInt(), "the run went on in its attempt: " + afterKill);
            assertArrayEquals(wholeBytes, api.download("/api/runs/" + shared + "/result", 200),
                    "units worked by two runners, one killed, merge into the bytes of a whole run");
            List<Unit> units = units(database, shared);
            assertEquals(8, units.size(), units.toString());
            Unit lost = units.stream().filter(u -> u.index() == held.index()).findFirst().orElseThrow();
            assertEquals(2, lost.claims(), "the killed runner's unit was claimed again: " + units);
            assertNotEquals(held.node(), lost.node(), "by a runner still alive: " + units);
            JsonNode workUnits = afterKill.get("telemetry").get("workUnits");
            assertEquals(8, workUnits.size(), workUnits.toString());
            Set<String> nodes = new HashSet<>();
            workUnits.forEach(u -> nodes.add(u.get("node").asText()));
            assertTrue(units.stream().anyMatch(u -> u.claims() == 1 && u.node().equals(held.node())),
                    "the killed runner's finished units stand: " + units);
            assertEquals(Set.of("units-a", "units-b"), nodes, "both runners worked units: " + workUnits);
            JsonNode list = api.get("/api/runners").json();
            Map<String, Long> unitsDone = new HashMap<>();
            list.get("runners").forEach(r -> unitsDone.put(r.get("name").asText(), r.get("unitsDone").asLong()));
            assertEquals(8, unitsDone.get("units-a") + unitsDone.get("units-b"), "the Runners list counts them: " + list);

            // The coordinating runner killed: the next attempt, on another runner, resumes.
            runners.put("units-c", portal.startRunner("units-c", ROW_UNITS));
            RunnerNodes.awaitOnline(api, "units-c");
            long resumed = submit(api, submission);
            Unit done = awaitUnit(database, api, resumed, (unit, coordinator, all) -> unit.state().equals("DONE"));
            String coordinator = api.get("/api/runs/" + resumed).json().get("node").asText();
            runners.remove(coordinator).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            JsonNode afterResume = finished(api, resumed);
            assertEquals("SUCCEEDED", afterResume.get("status").asText(), afterResume.toString());
            assertEquals(2, afterResume.get("attempts").asInt(), "one attempt lost with its coordinator: " + afterResume);
            assertArrayEquals(wholeBytes, api.download("/api/runs/" + resumed + "/result", 200),
                    "a resumed run merges into the bytes of a whole run");
            Unit kept = units(database, resumed).stream().filter(u -> u.index() == done.index()).findFirst()
                    .orElseThrow();
            assertEquals(1, kept.claims(), "a unit done before the kill was not worked again: " + kept);
            assertEquals(done.node(), kept.node(), kept.toString());

            // Detect Objects (detections suppressed across unit seams at the merge) and Detect Change in
            // units, stored and merged by runner processes: the files of the runs worked whole.
            runners.put("units-d", portal.startRunner("units-d", ROW_UNITS));
            RunnerNodes.awaitOnline(api, "units-d");
            for (OtherTool other : others) {
                JsonNode inUnits = finished(api, submit(api, other.submission()));
                assertEquals("SUCCEEDED", inUnits.get("status").asText(), inUnits.toString());
                assertEquals(other.units(), inUnits.get("telemetry").get("workUnits").size(), other.tool() + ": "
                        + inUnits.get("telemetry"));
                assertArrayEquals(othersWhole.get(other.tool()), output(api, inUnits, other.format()),
                        other.tool() + " in units makes the " + other.format() + " of the run worked whole");
            }
            assertEquals(200, api.get("/api/health").status(), "the portal lived through it all");
        } finally {
            for (Process runner : runners.values()) {
                runner.destroyForcibly();
            }
        }
    }

    /** A run of another tool, the output compared, and the work units it makes of one tile row each. */
    private record OtherTool(String tool, String submission, String format, int units) {
    }

    private static List<OtherTool> otherTools(RestClient api, Path home) throws Exception {
        // Squares of 12 pixels, several on the seams of 32-pixel tile cores (rows of units): 10 x 10 tiles.
        var squares = api.upload("Squares.dlpk", aPackage().withEmd(TestEmds.SQUARES).withFile("squares.onnx",
                TinyDetectionModels.squareDetector(2, 64, 12, 20, 1, TinyDetectionModels.Outputs.FLOAT_CLASSES)).bytes());
        assertEquals(201, squares.status(), squares.body());
        FloatBands harbour = FloatBands.zeros(320, 320, 2);
        for (int i = 0; i < 9; i++) {
            int x = 20 + 33 * i;
            int y = 26 + 32 * i;   // rows 26-37 straddle the seam at 32, 58-69 the one at 64, ...
            for (int row = y; row < y + 12; row++) {
                for (int col = x; col < x + 12; col++) {
                    harbour.set(i % 2, row, col, 1f);
                }
            }
        }
        long raster = TestRasters.upload(api, home.resolveSibling(home.getFileName() + "-harbour.tif"), harbour);
        String detect = "{\"item\": " + squares.json().get("id").asLong() + ", \"tool\": \"detect_objects\","
                + " \"rasters\": [" + raster + "], \"arguments\": {\"padding\": 16, \"threshold\": 0.5}}";

        // Two dates of 256² in tiles of 32: 8 x 8 tiles; the brightest band moves between them.
        long brightest = RunLifecycleIT.model(api, "UnitsChange");
        FloatBands before = FloatBands.zeros(256, 256, 3);
        FloatBands after = FloatBands.zeros(256, 256, 3);
        for (int row = 0; row < 256; row++) {
            for (int col = 0; col < 256; col++) {
                before.set((row / 40 + col / 50) % 3, row, col, 200);
                after.set((row / 40 + col / 30) % 3, row, col, 200);
            }
        }
        long from = TestRasters.upload(api, home.resolveSibling(home.getFileName() + "-2020.tif"), before);
        long to = TestRasters.upload(api, home.resolveSibling(home.getFileName() + "-2024.tif"), after);
        String change = "{\"item\": " + brightest + ", \"tool\": \"detect_change\", \"from\": " + from
                + ", \"to\": " + to + ", \"arguments\": {\"padding\": 0}}";
        return List.of(new OtherTool("detect_objects", detect, "geojson", 10),
                new OtherTool("detect_change", change, "cog", 8));
    }

    /** The bytes of the run's output in {@code format}. */
    private static byte[] output(RestClient api, JsonNode run, String format) throws Exception {
        for (JsonNode output : run.get("outputs")) {
            if (output.get("format").asText().equals(format)) {
                return api.download(output.get("href").asText(), 200);
            }
        }
        throw new AssertionError("no " + format + " output in " + run);
    }

    /** A run's unit as the database holds it. */
    record Unit(int index, String state, int claims, String node) {
        boolean running() {
            return state.equals("RUNNING");
        }
    }

    private interface UnitWanted {
        boolean test(Unit unit, String coordinator, List<Unit> all);
    }

    /** Waits until the run, RUNNING, has a unit that {@code wanted} accepts. */
    private static Unit awaitUnit(DataSource database, RestClient api, long run, UnitWanted wanted) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        List<Unit> units = List.of();
        while (Instant.now().isBefore(deadline)) {
            JsonNode state = api.get("/api/runs/" + run).json();
            assertTrue(!FINISHED.contains(state.get("status").asText()), "finished before the kill: " + state);
            units = units(database, run);
            if ("RUNNING".equals(state.get("status").asText())) {
                String coordinator = state.get("node").asText();
                for (Unit unit : units) {
                    if (wanted.test(unit, coordinator, units) && units.stream().anyMatch(u -> !u.state().equals("DONE"))) {
                        return unit;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such unit of run " + run + " in 180 s: " + units);
    }

    private static List<Unit> units(DataSource database, long run) throws Exception {
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(
                "select unit_index, state, claims, node from run_unit where run_id = ? order by unit_index")) {
            query.setLong(1, run);
            List<Unit> units = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    units.add(new Unit(rows.getInt(1), rows.getString(2), rows.getInt(3), rows.getString(4)));
                }
            }
            return units;
        }
    }

    private static long submit(RestClient api, String submission) throws Exception {
        var submitted = api.postJson("/api/runs", submission);
        assertEquals(202, submitted.status(), submitted.body());
        return submitted.json().get("id").asLong();
    }

    private static JsonNode finished(RestClient api, long run) throws Exception {
        return RunLifecycleIT.await(api, run, s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(300));
    }

    // SIGTERM: the runner finishes what it holds and exits, as a node taken out of service would.
    private static void stop(Process runner) throws InterruptedException {
        runner.destroy();
        if (!runner.waitFor(60, TimeUnit.SECONDS)) {
            runner.destroyForcibly();
        }
    }
}
