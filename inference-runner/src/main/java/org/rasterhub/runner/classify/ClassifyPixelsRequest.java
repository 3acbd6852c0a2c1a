package org.rasterhub.runner.classify;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.rasterhub.runner.tiling.TileGrid;
import org.rasterhub.runner.tiling.Window;

/**
 * What to classify and how: the input raster, the output file, the bands the model reads ({@code
 * ExtractBands}, from 0), the model's square tile size ({@code ImageHeight}), and the optional
 * padding, batch size, input scaling, output reading, processing window and product. Build with {@link #of} and the {@code
 * with} methods.
 *
 * @param padding pixels of context on each side inside a tile; see {@link TileGrid}
 * @param batchSize tiles per model call, 1 to {@value #MAX_BATCH_SIZE}
 * @param processingWindow the part of the input to classify, in its pixel coordinates; the output
 *     covers only that window (its geotransform shifted to the window's corner), while tiles still
 *     read the real pixels around it as padding. Empty: the whole raster. See {@link
 *     org.rasterhub.runner.raster.GeoTransform#pixelWindowOf} to turn a map extent into one
 */
public record ClassifyPixelsRequest(Path input, Path output, List<Integer> extractBands,
                                    int tileSize, int padding, int batchSize,
                                    InputScaling scaling, OutputReading reading,
                                    Optional<Window> processingWindow, PixelProduct product) {
    /** Most tiles per model call: 64 tiles of 512² x 4 bands are already 256 MiB of input. */
    public static final int MAX_BATCH_SIZE = 64;

    public ClassifyPixelsRequest {
        if (input == null || output == null || scaling == null || reading == null || processingWindow == null
                || product == null) {
            throw new IllegalArgumentException(
                "input, output, scaling, reading, processingWindow and product are required (InputScaling.NONE,"
                    + " OutputReading.DEFAULT, Optional.empty() for none, PixelProduct.CLASSES)");
        }
        RequestChecks.differentFiles("output " + output + " must differ from the input",
            input, output);
        extractBands = RequestChecks.extractBands(extractBands);
        // Same rules as the grid's, checked here so a bad request fails before any file is opened.
        new TileGrid(1, 1, tileSize, padding);
        RequestChecks.batchSize(batchSize, MAX_BATCH_SIZE);
    }

    /**
     * A request with ArcGIS's defaults: padding {@code tileSize / 4}, batch size 1, no input scaling.
     */
    public static ClassifyPixelsRequest of(Path input, Path output, List<Integer> extractBands,
                                           int tileSize) {
        return new ClassifyPixelsRequest(input, output, extractBands, tileSize,
            TileGrid.defaultPadding(tileSize), 1, InputScaling.NONE, OutputReading.DEFAULT, Optional.empty(),
            PixelProduct.CLASSES);
    }

    /** This request with another padding, in pixels. */
    public ClassifyPixelsRequest withPadding(int pixels) {
        return new ClassifyPixelsRequest(input, output, extractBands, tileSize, pixels, batchSize,
            scaling, reading, processingWindow, product);
    }

    /** This request with another number of tiles per model call. */
    public ClassifyPixelsRequest withBatchSize(int tiles) {
        return new ClassifyPixelsRequest(input, output, extractBands, tileSize, padding, tiles,
            scaling, reading, processingWindow, product);
    }

    /** This request with its input scaled by {@code rule} before the model sees it. */
    public ClassifyPixelsRequest withScaling(InputScaling rule) {
        return new ClassifyPixelsRequest(input, output, extractBands, tileSize, padding, batchSize,
            rule, reading, processingWindow, product);
    }

    /** This request reading the model's output as {@code reading} says. */
    public ClassifyPixelsRequest withReading(OutputReading reading) {
        return new ClassifyPixelsRequest(input, output, extractBands, tileSize, padding, batchSize,
            scaling, reading, processingWindow, product);
    }

    /**
     * This request limited to a window of the input's pixels. Whether the window lies inside the
     * raster is checked when the raster is opened.
     */
    public ClassifyPixelsRequest withProcessingWindow(Window window) {
        return new ClassifyPixelsRequest(input, output, extractBands, tileSize, padding, batchSize,
            scaling, reading, Optional.of(window), product);
    }

    /** This request writing {@code product}: classes, probabilities or values. */
    public ClassifyPixelsRequest withProduct(PixelProduct product) {
        return new ClassifyPixelsRequest(input, output, extractBands, tileSize, padding, batchSize,
            scaling, reading, processingWindow, product);
    }

    int[] bandArray() {
        return extractBands.stream().mapToInt(Integer::intValue).toArray();
    }
}
