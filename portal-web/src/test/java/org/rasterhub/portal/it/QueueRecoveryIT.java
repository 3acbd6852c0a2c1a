package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.raster.FloatBands;

/**
 * A run whose job is lost from the queue still runs (issue #15: no run stuck QUEUED): the job of a
 * waiting run is deleted from JobRunr's table behind the portal's back, as when a server stops between
 * committing a submission and queueing its job, and the recovery queues it again. Needs the database
 * open to the test, so it runs in the PostgreSQL suite only.
 */
class QueueRecoveryIT {
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    @TempDir Path tmp;

    @Test
    void aQueuedRunWhoseJobWasLostIsQueuedAgainAndRuns() throws Exception {
        assumeTrue(PortalServer.ON_POSTGRES, "the H2 file is open to the portal only");
        Path home = Files.createDirectories(PortalServer.WORK.resolve("home-lost-job-" + System.currentTimeMillis()));
        try (PortalServer portal = PortalServer.start(home, PortalServer.WORK.resolve("portal-lost-job.log"),
                "-Drasterhub.runRecoverySeconds=2 -Drasterhub.runUnqueuedSeconds=5")) {
            RestClient api = RestClient.asAdmin(portal);
            // The one worker is busy with a slow run while the second waits in the queue.
            long slow = RunLifecycleIT.slowModel(api, "Busy");
            long big = raster(api, "busy.tif", 2200);
            long busy = submit(api, slow, big, "{\"padding\": 32}");
            RunLifecycleIT.await(api, busy, s -> s.get("status").asText().equals("RUNNING"), Duration.ofSeconds(120));
            long waiting = submit(api, RunLifecycleIT.model(api, "Waiting"), raster(api, "waiting.tif", 40), "{}");

            int deleted;
            try (Connection connection = portal.database().getConnection();
                 Statement statement = connection.createStatement()) {
                deleted = statement.executeUpdate("DELETE FROM jobrunr_jobs WHERE state = 'ENQUEUED'");
            }
            assertEquals(1, deleted, "the waiting run's job, gone");

            JsonNode done = RunLifecycleIT.await(api, waiting, s -> FINISHED.contains(s.get("status").asText()),
                    Duration.ofSeconds(180));
            assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());
            assertEquals(1, done.get("attempts").asInt(), done.toString());
            assertEquals("SUCCEEDED", RunLifecycleIT.await(api, busy, s -> FINISHED.contains(s.get("status").asText()),
                    Duration.ofSeconds(180)).get("status").asText());
        }
    }

    private static long submit(RestClient api, long item, long raster, String arguments) throws Exception {
        var submitted = api.postJson("/api/runs", "{\"item\": " + item + ", \"rasters\": [" + raster
                + "], \"arguments\": " + arguments + "}");
        assertEquals(202, submitted.status(), submitted.body());
        return submitted.json().get("id").asLong();
    }

    private long raster(RestClient api, String name, int size) throws Exception {
        FloatBands pixels = FloatBands.zeros(size, size, 3);
        for (int row = 0; row < size; row++) {
            for (int col = 0; col < size; col++) {
                pixels.set(col % 3, row, col, 200);
            }
        }
        return TestRasters.upload(api, tmp.resolve(name), pixels);
    }
}
