package org.rasterhub.runner.classify;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.rasterhub.runner.tiling.TileGrid;

/**
 * What to classify and how: the input raster, the output file, the bands the model reads ({@code
 * ExtractBands}, from 0), the model's square tile size ({@code ImageHeight}), and the optional
 * padding, batch size and data range. Build with {@link #of} and the {@code with} methods.
 *
 * @param padding pixels of context on each side inside a tile; see {@link TileGrid}
 * @param batchSize tiles per model call, 1 to {@value #MAX_BATCH_SIZE}
 */
public record ClassifyPixelsRequest(Path input, Path output, List<Integer> extractBands,
                                    int tileSize, int padding, int batchSize,
                                    Optional<DataRange> dataRange) {
    /** Most tiles per model call: 64 tiles of 512² x 4 bands are already 256 MiB of input. */
    public static final int MAX_BATCH_SIZE = 64;

    public ClassifyPixelsRequest {
        if (input == null || output == null || dataRange == null) {
            throw new IllegalArgumentException("input, output and dataRange are required");
        }
        if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("output " + output + " must differ from the input");
        }
        if (extractBands == null || extractBands.isEmpty()) {
            throw new IllegalArgumentException("ExtractBands must name at least one band");
        }
        extractBands = List.copyOf(extractBands);
        for (int band : extractBands) {
            if (band < 0) {
                throw new IllegalArgumentException("ExtractBands counts from 0, found " + band);
            }
        }
        // Same rules as the grid's, checked here so a bad request fails before any file is opened.
        new TileGrid(1, 1, tileSize, padding);
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be between 1 and " + MAX_BATCH_SIZE
                + ", was " + batchSize);
        }
    }

    /**
     * A request with ArcGIS's defaults: padding {@code tileSize / 4}, batch size 1, no data range.
     */
    public static ClassifyPixelsRequest of(Path input, Path output, List<Integer> extractBands,
                                           int tileSize) {
        return new ClassifyPixelsRequest(input, output, extractBands, tileSize,
            TileGrid.defaultPadding(tileSize), 1, Optional.empty());
    }

    /** This request with another padding, in pixels. */
    public ClassifyPixelsRequest withPadding(int pixels) {
        return new ClassifyPixelsRequest(input, output, extractBands, tileSize, pixels, batchSize,
            dataRange);
    }

    /** This request with another number of tiles per model call. */
    public ClassifyPixelsRequest withBatchSize(int tiles) {
        return new ClassifyPixelsRequest(input, output, extractBands, tileSize, padding, tiles,
            dataRange);
    }

    /** This request with input values scaled from {@code range} to 0-1 before the model sees them. */
    public ClassifyPixelsRequest withDataRange(DataRange range) {
        return new ClassifyPixelsRequest(input, output, extractBands, tileSize, padding, batchSize,
            Optional.of(range));
    }

    int[] bandArray() {
        return extractBands.stream().mapToInt(Integer::intValue).toArray();
    }
}
