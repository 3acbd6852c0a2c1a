package org.rasterhub.runner.detect;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.rasterhub.runner.classify.InputScaling;
import org.rasterhub.runner.classify.RequestChecks;
import org.rasterhub.runner.tiling.TileGrid;
import org.rasterhub.runner.tiling.Window;

/**
 * What to detect objects in and how. Build with {@link #of} (ArcGIS's defaults) and the {@code with}
 * methods.
 *
 * @param input the raster
 * @param geoPackageOutput the GeoPackage written, in the raster's CRS
 * @param geoJsonOutput the GeoJSON written, RFC 7946 (WGS84)
 * @param extractBands the bands the model reads ({@code ExtractBands}, from 0), in order
 * @param tileSize the model's square input size in pixels ({@code ImageHeight})
 * @param padding pixels of context on each side inside a tile; see {@link TileGrid}
 * @param batchSize tiles per model call, 1 to {@value #MAX_BATCH_SIZE}
 * @param scaling how raster values become model input ({@link InputScaling})
 * @param threshold detections scoring below this are dropped, 0 to 1
 * @param nmsOverlap IoU above which the lower scoring of two same-class detections is dropped, 0 to 1
 * @param excludePadDetections drop detections whose box centre lies in a tile's padding rather than
 *     its core: another tile sees that object with more context
 * @param processingWindow pixels of the raster to look at; empty for the whole raster
 */
public record DetectObjectsRequest(Path input, Path geoPackageOutput, Path geoJsonOutput,
                                   List<Integer> extractBands, int tileSize, int padding,
                                   int batchSize, InputScaling scaling, double threshold,
                                   double nmsOverlap, boolean excludePadDetections,
                                   Optional<Window> processingWindow) {
    /** Most tiles per model call: 64 tiles of 512² x 4 bands are already 256 MiB of input. */
    public static final int MAX_BATCH_SIZE = 64;
    /** ArcGIS's default confidence threshold. */
    public static final double DEFAULT_THRESHOLD = 0.5;
    /** ArcGIS's default NMS overlap. */
    public static final double DEFAULT_NMS_OVERLAP = 0.1;

    public DetectObjectsRequest {
        if (input == null || geoPackageOutput == null || geoJsonOutput == null || scaling == null
                || processingWindow == null) {
            throw new IllegalArgumentException("input, outputs, scaling and processingWindow are"
                + " required");
        }
        RequestChecks.differentFiles("input " + input + ", GeoPackage " + geoPackageOutput
            + " and GeoJSON " + geoJsonOutput + " must be three different files",
            input, geoPackageOutput, geoJsonOutput);
        extractBands = RequestChecks.extractBands(extractBands);
        new TileGrid(1, 1, tileSize, padding);   // the grid's rules, before any file is opened
        RequestChecks.batchSize(batchSize, MAX_BATCH_SIZE);
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be 0 to 1, was " + threshold);
        }
        if (!(nmsOverlap >= 0 && nmsOverlap <= 1)) {
            throw new IllegalArgumentException("NMS overlap must be 0 to 1, was " + nmsOverlap);
        }
    }

    /**
     * A request with ArcGIS's defaults: padding {@code tileSize / 4}, batch size 1, no input scaling,
     * threshold {@value #DEFAULT_THRESHOLD}, NMS overlap {@value #DEFAULT_NMS_OVERLAP}, pad
     * detections excluded, the whole raster.
     */
    public static DetectObjectsRequest of(Path input, Path geoPackageOutput, Path geoJsonOutput,
                                          List<Integer> extractBands, int tileSize) {
        return new DetectObjectsRequest(input, geoPackageOutput, geoJsonOutput, extractBands, tileSize,
            TileGrid.defaultPadding(tileSize), 1, InputScaling.NONE, DEFAULT_THRESHOLD,
            DEFAULT_NMS_OVERLAP, true, Optional.empty());
    }

    public DetectObjectsRequest withPadding(int pixels) {
        return new DetectObjectsRequest(input, geoPackageOutput, geoJsonOutput, extractBands, tileSize,
            pixels, batchSize, scaling, threshold, nmsOverlap, excludePadDetections, processingWindow);
    }

    public DetectObjectsRequest withBatchSize(int tiles) {
        return new DetectObjectsRequest(input, geoPackageOutput, geoJsonOutput, extractBands, tileSize,
            padding, tiles, scaling, threshold, nmsOverlap, excludePadDetections, processingWindow);
    }

    /** This request with its input scaled by {@code rule} before the model sees it. */
    public DetectObjectsRequest withScaling(InputScaling rule) {
        return new DetectObjectsRequest(input, geoPackageOutput, geoJsonOutput, extractBands, tileSize,
            padding, batchSize, rule, threshold, nmsOverlap, excludePadDetections,
            processingWindow);
    }

    public DetectObjectsRequest withThreshold(double score) {
        return new DetectObjectsRequest(input, geoPackageOutput, geoJsonOutput, extractBands, tileSize,
            padding, batchSize, scaling, score, nmsOverlap, excludePadDetections, processingWindow);
    }

    public DetectObjectsRequest withNmsOverlap(double iou) {
        return new DetectObjectsRequest(input, geoPackageOutput, geoJsonOutput, extractBands, tileSize,
            padding, batchSize, scaling, threshold, iou, excludePadDetections, processingWindow);
    }

    public DetectObjectsRequest withExcludePadDetections(boolean exclude) {
        return new DetectObjectsRequest(input, geoPackageOutput, geoJsonOutput, extractBands, tileSize,
            padding, batchSize, scaling, threshold, nmsOverlap, exclude, processingWindow);
    }

    public DetectObjectsRequest withProcessingWindow(Window window) {
        return new DetectObjectsRequest(input, geoPackageOutput, geoJsonOutput, extractBands, tileSize,
            padding, batchSize, scaling, threshold, nmsOverlap, excludePadDetections,
            Optional.of(window));
    }

    int[] bandArray() {
        return extractBands.stream().mapToInt(Integer::intValue).toArray();
    }
}
