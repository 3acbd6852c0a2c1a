package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;

/**
 * GPU work goes only to GPU runners (issue #15), though JobRunr's open-source queue hands any job to
 * any runner: a CPU runner given a GPU run hands it on, and a runner with GPUs starts it. The GPU
 * runner here is a runner told it has GPU 0 (this machine has no GPU, so the run may fail to load
 * its model there: where it started is what is checked). PostgreSQL suite: runners of their own.
 */
class GpuRoutingIT {
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    @Test
    void aGpuRunThatACpuRunnerTakesIsHandedOnAndStartsOnTheGpuRunner() throws Exception {
        assumeTrue(PortalServer.ON_POSTGRES, "runners on other machines share PostgreSQL");
        Path home = Files.createDirectories(PortalServer.WORK.resolve("home-gpu-" + System.currentTimeMillis()));
        Process cpu = null;
        Process gpu = null;
        try (PortalServer portal = PortalServer.start(home, PortalServer.WORK.resolve("portal-gpu.log"), "", null,
                Map.of("RASTERHUB_EMBEDDED_RUNNER", "0"))) {
            RestClient api = RestClient.asAdmin(portal);
            long item = RunLifecycleIT.model(api, "GpuRouting");
            Path scene = home.resolveSibling(home.getFileName() + "-scene.tif");
            GeoTiffs.write(scene, FloatBands.zeros(64, 64, 3), GeoTransform.northUp(0, 64, 1, 1), 32633);
            long raster = api.upload("/api/rasters", "scene.tif", Files.readAllBytes(scene)).json().get("id").asLong();
            Files.deleteIfExists(PortalServer.WORK.resolve("runner-route-cpu.log"));
            Files.deleteIfExists(PortalServer.WORK.resolve("runner-route-gpu.log"));
            cpu = portal.startRunner("route-cpu", Map.of());
            gpu = portal.startRunner("route-gpu", Map.of("RASTERHUB_RUNNER_GPUS", "0"));
            RunnerNodes.awaitOnline(api, "route-cpu", "route-gpu");
            // Registered early in start-up; paused before its job server is up, it could hold the lock on
            // JobRunr's tables that the other waits for.
            RunnerNodes.awaitStarted("route-cpu");
            RunnerNodes.awaitStarted("route-gpu");

            // The GPU runner paused (still online for the portal a few seconds more): the CPU runner takes the job.
            signal(gpu, "STOP");
            var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"rasters\": [" + raster
                    + "], \"arguments\": {\"processorType\": \"GPU\"}}");
            assertEquals(202, submitted.status(), submitted.body());
            long run = submitted.json().get("id").asLong();
            awaitHandOn(portal, run);
            signal(gpu, "CONT");

            JsonNode done = RunLifecycleIT.await(api, run, s -> FINISHED.contains(s.get("status").asText()),
                    Duration.ofSeconds(120));
            assertEquals("route-gpu", done.get("node").asText(), "started on the runner with GPUs: " + done);
            assertEquals(1, done.get("attempts").asInt(), "the CPU runner never started it: " + done);
            if ("FAILED".equals(done.get("status").asText())) {
                // No GPU here: the message says so, naming the model as the package does, no runner folder.
                String message = done.get("message").asText();
                assertTrue(message.startsWith("cannot load brightest.onnx: the run asks for GPU 0"), message);
                assertTrue(!message.contains(home.toString()), message);
            }
            assertEquals(200, api.get("/api/health").status());
        } finally {
            for (Process p : new Process[] {cpu, gpu}) {
                if (p != null) {
                    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static void awaitHandOn(PortalServer portal, long run) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try (Connection connection = portal.database().getConnection(); PreparedStatement query =
                    connection.prepareStatement("select hand_ons, status, message from inference_run where id = ?")) {
                query.setLong(1, run);
                try (ResultSet row = query.executeQuery()) {
                    assertTrue(row.next());
                    assertEquals("QUEUED", row.getString(2), "only the GPU runner, paused, may start it: "
                            + row.getString(3));
                    if (row.getInt(1) > 0) {
                        return;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the CPU runner did not hand run " + run + " on in 30 s");
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
    }
}
