package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL crashing and coming back while a run is in its runner's hands (issue #15's fault list):
 * every connection of the portal and of the runner is cut, and for a few seconds none can be made.
 * The runner retries its writes with back-off; JobRunr gives up on its server, so the runner exits and
 * is started again, and the run starts over once and completes; the portal's pools drop the cut
 * connections and answer again; the result is byte for byte an uninterrupted run's, with one layer.
 * PostgreSQL suite only (H2 is a file inside the portal).
 */
class DatabaseRestartIT {
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    @TempDir Path tmp;

    @Test
    void aRunSurvivesItsDatabaseCrashingAndRestartingMidRun() throws Exception {
        assumeTrue(PortalServer.ON_POSTGRES, "restarts the cluster's PostgreSQL");
        Path home = Files.createDirectories(PortalServer.WORK.resolve("home-db-restart-" + System.currentTimeMillis()));
        try (PortalServer portal = PortalServer.start(home, PortalServer.WORK.resolve("portal-db-restart.log"), "")) {
            RestClient api = RestClient.asAdmin(portal);
            long item = RunLifecycleIT.slowModel(api, "Database_Restart");
            long raster = TestRasters.uploadBlocks(api, tmp.resolve("restart.tif"), 1500);
            String submission = "{\"item\": " + item + ", \"rasters\": [" + raster + "], \"arguments\": {\"padding\": 32}}";
            long run = api.postJson("/api/runs", submission).json().get("id").asLong();
            JsonNode running = RunLifecycleIT.await(api, run, s -> s.get("tilesDone").asInt() > 0
                    || FINISHED.contains(s.get("status").asText()), Duration.ofSeconds(120));
            assertEquals("RUNNING", running.get("status").asText(), "restarted mid-run: " + running);

            PortalServer.postgresServer().crashAndRestart(Duration.ofSeconds(8));

            JsonNode done = RunLifecycleIT.await(api, run, s -> FINISHED.contains(s.get("status").asText()),
                    Duration.ofSeconds(300));
            assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
            // JobRunr stops its server for good when its storage fails; the runner then exits, its supervisor
            // starts a fresh one, and the run starts over once: a second attempt, never a third.
            assertTrue(done.get("attempts").asInt() <= 2, done.toString());
            assertEquals(200, api.get("/api/items/" + item).status(), "the portal's pool serves again");
            assertEquals(1, layersOf(portal, run), "one layer for the run, however often its writes were retried");

            long uninterrupted = api.postJson("/api/runs", submission).json().get("id").asLong();
            JsonNode again = RunLifecycleIT.await(api, uninterrupted, s -> FINISHED.contains(s.get("status").asText()),
                    Duration.ofSeconds(240));
            assertEquals("SUCCEEDED", again.get("status").asText(), again.toString());
            assertArrayEquals(api.download("/api/runs/" + uninterrupted + "/result", 200),
                    api.download("/api/runs/" + run + "/result", 200),
                    "the run its database restarted under wrote exactly the bytes of an uninterrupted run");
            System.out.println("database restart: the run took " + done.get("attempts").asInt() + " attempt(s)");
        }
    }

    private static int layersOf(PortalServer portal, long run) throws Exception {
        try (Connection connection = portal.database().getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM layer_item WHERE run_id = ?")) {
            count.setLong(1, run);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
