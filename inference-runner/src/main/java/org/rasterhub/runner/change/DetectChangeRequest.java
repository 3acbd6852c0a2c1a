package org.rasterhub.runner.change;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.rasterhub.runner.classify.ClassifyPixelsRequest;
import org.rasterhub.runner.classify.InputScaling;
import org.rasterhub.runner.classify.RequestChecks;
import org.rasterhub.runner.tiling.TileGrid;
import org.rasterhub.runner.tiling.Window;

/**
 * What to compare and how: the first ({@code fromRaster}) and second ({@code toRaster}) date's
 * rasters on the same pixel grid, the output file, the bands the model reads from each ({@code
 * ExtractBands}, from 0), the square tile size, padding, batch size, input scaling and processing
 * window, with the meanings of {@link ClassifyPixelsRequest}'s. Build with {@link #of} and the
 * {@code with} methods.
 *
 * @param processingWindow pixels of both rasters to compare; empty: all
 */
public record DetectChangeRequest(Path fromRaster, Path toRaster, Path output,
                                  List<Integer> extractBands, int tileSize, int padding,
                                  int batchSize, InputScaling scaling,
                                  Optional<Window> processingWindow) {

    public DetectChangeRequest {
        if (fromRaster == null || toRaster == null || output == null || scaling == null
                || processingWindow == null) {
            throw new IllegalArgumentException("fromRaster, toRaster, output, scaling and"
                + " processingWindow are required (InputScaling.NONE, Optional.empty() for none)");
        }
        Path out = output.toAbsolutePath().normalize();
        if (out.equals(fromRaster.toAbsolutePath().normalize())
                || out.equals(toRaster.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("output " + output + " must differ from both inputs");
        }
        extractBands = RequestChecks.extractBands(extractBands);
        new TileGrid(1, 1, tileSize, padding);   // same rules as the grid's, before any file opens
        RequestChecks.batchSize(batchSize, ClassifyPixelsRequest.MAX_BATCH_SIZE);
    }

    /** A request with ArcGIS's defaults: padding {@code tileSize / 4}, batch 1, no range or window. */
    public static DetectChangeRequest of(Path fromRaster, Path toRaster, Path output,
                                         List<Integer> extractBands, int tileSize) {
        return new DetectChangeRequest(fromRaster, toRaster, output, extractBands, tileSize,
            TileGrid.defaultPadding(tileSize), 1, InputScaling.NONE, Optional.empty());
    }

    /** This request with another padding, in pixels. */
    public DetectChangeRequest withPadding(int pixels) {
        return new DetectChangeRequest(fromRaster, toRaster, output, extractBands, tileSize, pixels,
            batchSize, scaling, processingWindow);
    }

    /** This request with another number of tiles per model call. */
    public DetectChangeRequest withBatchSize(int tiles) {
        return new DetectChangeRequest(fromRaster, toRaster, output, extractBands, tileSize, padding,
            tiles, scaling, processingWindow);
    }

    /** This request with its input scaled by {@code rule} before the model sees it. */
    public DetectChangeRequest withScaling(InputScaling rule) {
        return new DetectChangeRequest(fromRaster, toRaster, output, extractBands, tileSize, padding,
            batchSize, rule, processingWindow);
    }

    /** This request limited to a window of both rasters' pixels. */
    public DetectChangeRequest withProcessingWindow(Window window) {
        return new DetectChangeRequest(fromRaster, toRaster, output, extractBands, tileSize, padding,
            batchSize, scaling, Optional.of(window));
    }

    int[] bandArray() {
        return extractBands.stream().mapToInt(Integer::intValue).toArray();
    }
}
