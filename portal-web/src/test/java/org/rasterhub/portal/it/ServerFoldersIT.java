package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;

/** Rasters registered where they lie, in a server folder the administrator opened. */
@ExtendWith(PortalExtension.class)
class ServerFoldersIT {
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    @Test
    void aServerFileIsRegisteredInPlaceAndRunOn(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        Path folder = Files.createDirectories(portal.imageryFolder().resolve("2025"));
        Path scene = folder.resolve("scene.tif");
        FloatBands pixels = FloatBands.zeros(60, 40, 3);
        for (int row = 0; row < 40; row++) {
            for (int col = 0; col < 60; col++) {
                pixels.set(2, row, col, 100);
            }
        }
        GeoTiffs.write(scene, pixels, GeoTransform.northUp(600_000, 5_000_000, 5, 5), 32632);

        assertEquals("[\"imagery\"]", api.get("/api/imagery-folders").body());
        assertTrue(api.get("/api/imagery-folders/imagery?path=2025").body().contains("2025/scene.tif"));
        var registered = api.postJson("/api/rasters", "{\"folder\": \"imagery\", \"path\": \"2025/scene.tif\"}");
        assertEquals(201, registered.status(), registered.body());
        assertEquals(scene.toRealPath().toString(), registered.json().path("serverFile").asText(), registered.body());
        assertEquals(3, registered.json().get("bands").asInt());
        long raster = registered.json().get("id").asLong();
        long item = RunLifecycleIT.model(api, "Server_Files");

        long run = api.postJson("/api/runs", "{\"item\": " + item + ", \"rasters\": [" + raster + "]}")
                .json().get("id").asLong();
        JsonNode done = RunLifecycleIT.await(api, run, s -> FINISHED.contains(s.get("status").asText()),
                Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.get("status").asText(), done.toString());

        // The file changes after it was registered: a run must not silently read other bytes.
        GeoTiffs.write(scene, FloatBands.zeros(60, 40, 3), GeoTransform.northUp(600_000, 5_000_000, 5, 5), 32632);
        long second = api.postJson("/api/runs", "{\"item\": " + item + ", \"rasters\": [" + raster + "]}")
                .json().get("id").asLong();
        JsonNode failed = RunLifecycleIT.await(api, second, s -> FINISHED.contains(s.get("status").asText()),
                Duration.ofSeconds(120));
        assertEquals("FAILED", failed.get("status").asText(), failed.toString());
        assertTrue(failed.get("message").asText().contains("changed since it was registered"), failed.toString());
    }

    @Test
    void nothingOutsideTheFolderCanBeNamed(PortalServer portal) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        Path outside = Files.writeString(portal.imageryFolder().resolveSibling("secret.tif"), "not yours");
        Files.deleteIfExists(portal.imageryFolder().resolve("escape.tif"));
        Files.createSymbolicLink(portal.imageryFolder().resolve("escape.tif"), outside);

        for (String[] attempt : new String[][] {
                {"../secret.tif", "must be a path inside the folder"},
                {"2025/../../secret.tif", "must be a path inside the folder"},
                {outside.toString(), "must be a path inside the folder"},
                {"escape.tif", "leads outside the folder"},
                {"missing.tif", "no such file"}}) {
            var refused = api.postJson("/api/rasters", "{\"folder\": \"imagery\", \"path\": \""
                    + attempt[0].replace("\\", "\\\\") + "\"}");
            assertEquals(422, refused.status(), attempt[0] + ": " + refused.body());
            assertEquals("server_file", refused.json().get("error").asText());
            assertTrue(refused.json().get("message").asText().contains(attempt[1]), refused.body());
        }
        var unknown = api.postJson("/api/rasters", "{\"folder\": \"home\", \"path\": \"x.tif\"}");
        assertEquals(422, unknown.status());
        assertTrue(unknown.body().contains("no imagery folder has this name; registered: imagery"), unknown.body());
        Files.writeString(portal.imageryFolder().resolve("notes.tif"), "plain text");
        var notRaster = api.postJson("/api/rasters", "{\"folder\": \"imagery\", \"path\": \"notes.tif\"}");
        assertEquals(422, notRaster.status(), notRaster.body());
        assertEquals("not_a_raster", notRaster.json().get("error").asText());
    }
}
