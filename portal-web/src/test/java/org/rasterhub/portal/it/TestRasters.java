package org.rasterhub.portal.it;

import java.nio.file.Files;
import java.nio.file.Path;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;

/**
 * Imagery the run ITs and benchmarks upload: a 3-band GeoTIFF in UTM 33N whose brightest band changes
 * in blocks, so that a colour model paints several classes and a run has real work in every tile.
 */
final class TestRasters {
    private TestRasters() {
    }

    /** Writes a {@code size}×{@code size} block raster to {@code file}, uploads it and returns its id. */
    static long uploadBlocks(RestClient api, Path file, int size) throws Exception {
        FloatBands pixels = FloatBands.zeros(size, size, 3);
        for (int row = 0; row < size; row++) {
            for (int col = 0; col < size; col++) {
                pixels.set((row / 50 + col / 70) % 3, row, col, 200);
            }
        }
        return upload(api, file, pixels);
    }

    /** Writes {@code pixels} to {@code file} as a GeoTIFF (1 m pixels), uploads it and returns its id. */
    static long upload(RestClient api, Path file, FloatBands pixels) throws Exception {
        GeoTiffs.write(file, pixels, GeoTransform.northUp(0, pixels.height(), 1, 1), 32633);
        var uploaded = api.upload("/api/rasters", file.getFileName().toString(), Files.readAllBytes(file));
        if (uploaded.status() != 201) {
            throw new AssertionError("the raster was not stored: " + uploaded.status() + " " + uploaded.body());
        }
        return uploaded.json().get("id").asLong();
    }
}
