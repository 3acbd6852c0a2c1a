package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two portal nodes on one PostgreSQL database and one data folder (issue #15's cluster mode, portals
 * only): what one stores the other serves and finds, and both work the one queue, so two runs
 * submitted together run at the same time on different nodes. PostgreSQL suite only.
 */
class ClusterIT {
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    @TempDir Path tmp;

    @Test
    void twoNodesShareTheCatalogTheBlobsAndTheQueue() throws Exception {
        assumeTrue(PortalServer.ON_POSTGRES, "H2 is one process's file; a cluster shares PostgreSQL");
        Path home = Files.createDirectories(PortalServer.WORK.resolve("home-cluster-" + System.currentTimeMillis()));
        // Started together on a new database: the migrations, JobRunr's tables and the first admin account
        // are made once, by whichever node comes first.
        java.util.concurrent.ExecutorService starting = java.util.concurrent.Executors.newFixedThreadPool(2);
        var startingA = starting.submit(() -> PortalServer.start(home, PortalServer.WORK.resolve("portal-node-a.log"),
                "", "node-a"));
        var startingB = starting.submit(() -> PortalServer.start(home, PortalServer.WORK.resolve("portal-node-b.log"),
                "", "node-b"));
        starting.shutdown();
        try (PortalServer a = startingA.get(); PortalServer b = startingB.get()) {
            RestClient onA = RestClient.asAdmin(a);
            RestClient onB = RestClient.asAdmin(b);

            long item = RunLifecycleIT.slowModel(onA, "Shared_Canopy");
            String title = onA.get("/api/items/" + item).json().get("title").asText();
            String query = "/api/items?q=" + java.net.URLEncoder.encode(title, java.nio.charset.StandardCharsets.UTF_8);
            JsonNode found = await(() -> onB.get(query).json(), s -> s.get("total").asInt() == 1);
            assertEquals(item, found.get("items").get(0).get("id").asLong(), "B's search finds what A stored");
            assertArrayEquals(onA.download("/api/items/" + item + "/versions/1/package", 200),
                    onB.download("/api/items/" + item + "/versions/1/package", 200));

            long raster = raster(onB, "shared.tif", 1500);
            long first = submit(onA, item, raster);
            long second = submit(onA, item, raster);
            JsonNode one = RunLifecycleIT.await(onB, first, s -> FINISHED.contains(s.get("status").asText()),
                    Duration.ofSeconds(240));
            JsonNode other = RunLifecycleIT.await(onB, second, s -> FINISHED.contains(s.get("status").asText()),
                    Duration.ofSeconds(240));

            assertEquals("SUCCEEDED", one.get("status").asText(), one.toString());
            assertEquals("SUCCEEDED", other.get("status").asText(), other.toString());
            assertEquals(Set.of("node-a", "node-b"), Set.of(one.get("node").asText(), other.get("node").asText()),
                    "each node's worker took one of the two runs");
            assertTrue(Instant.parse(one.get("started").asText()).isBefore(Instant.parse(other.get("finished").asText()))
                    && Instant.parse(other.get("started").asText()).isBefore(Instant.parse(one.get("finished").asText())),
                    "the two ran at the same time: " + one + " " + other);
            assertEquals(one.get("resultSha256").asText(), other.get("resultSha256").asText(), "the same result");
            assertArrayEquals(onA.download("/api/runs/" + first + "/result", 200),
                    onB.download("/api/runs/" + second + "/result", 200));
            assertTrue(Files.isDirectory(home.resolve("nodes/node-a/tmp")) && Files.isDirectory(home.resolve(
                    "nodes/node-b/tmp")), "each node stages its uploads in a folder of its own");
        }
    }

    @Test
    void aRunnerWhosePortalIsKilledFinishesItsRunAndTheRestartedPortalShowsIt() throws Exception {
        assumeTrue(PortalServer.ON_POSTGRES, "on H2 the runner stops with its portal, which owns the file");
        Path home = Files.createDirectories(PortalServer.WORK.resolve("home-orphan-" + System.currentTimeMillis()));
        long run;
        ProcessHandle runner;
        PortalServer first = PortalServer.start(home, PortalServer.WORK.resolve("portal-orphan-before.log"), "",
                "node-k");
        try {
            RestClient api = RestClient.asAdmin(first);
            long item = RunLifecycleIT.slowModel(api, "Orphaned");
            run = submit(api, item, raster(api, "orphaned.tif", 1500));
            JsonNode running = RunLifecycleIT.await(api, run, s -> s.get("tilesDone").asInt() > 0
                    || FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
            assertEquals("RUNNING", running.get("status").asText(), "killed mid-run: " + running);
            runner = first.runner();
        } finally {
            first.kill();
        }
        assertTrue(runner.isAlive(), "the runner outlives its portal");
        runner.onExit().get(240, java.util.concurrent.TimeUnit.SECONDS); // it stops once its run is done
        try (PortalServer second = PortalServer.start(home, PortalServer.WORK.resolve("portal-orphan-after.log"), "",
                "node-k")) {
            JsonNode done = RunLifecycleIT.await(RestClient.asAdmin(second), run,
                    s -> FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(30));
            assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
            assertEquals(1, done.get("attempts").asInt(), "finished by the runner that started it: " + done);
            assertEquals(done.get("tilesTotal").asInt(), done.get("tilesDone").asInt());
        }
    }

    private static long submit(RestClient api, long item, long raster) throws Exception {
        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"rasters\": [" + raster
                + "], \"arguments\": {\"padding\": 32}}");
        assertEquals(202, submitted.status(), submitted.body());
        return submitted.json().get("id").asLong();
    }

    private long raster(RestClient api, String name, int size) throws Exception {
        return TestRasters.uploadBlocks(api, tmp.resolve(name), size);
    }

    private interface Call {
        JsonNode get() throws Exception;
    }

    // The other node's search copy applies the change log before its next search; allow it a moment.
    private static JsonNode await(Call call, java.util.function.Predicate<JsonNode> until) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode last = call.get();
        while (!until.test(last) && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
            last = call.get();
        }
        return last;
    }
}
