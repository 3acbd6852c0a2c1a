package org.rasterhub.portal.run;

import java.util.List;

/**
 * A run's arguments as asked; null means "the default" (tile size: the .emd's ImageHeight; padding:
 * a quarter of the tile; batch size: the .emd's BatchSize, else 1; threshold 0.5; NMS overlap 0.1;
 * exclude pad detections: yes; score threshold 0; extent: the whole raster; processor: CPU).
 *
 * @param threshold            Detect Objects: lowest confidence kept, 0 to 1
 * @param nmsOverlap           Detect Objects: boxes of one class overlapping more (IoU) are one object
 * @param excludePadDetections Detect Objects: drop detections centred in a tile's padding
 * @param scoreThreshold       Classify Objects: below it a feature stays unclassified
 * @param extent               processing extent {@code [minX, minY, maxX, maxY]} in the raster's CRS
 * @param gpuIds               GPUs to use when the processor type is GPU; null for the first
 * @param returnProbabilityRaster Classify Pixels: write the model's class probabilities (Float32)
 *                             instead of classes, as ArcGIS's {@code return_probability_raster}
 * @param probabilityBands     with it: {@code "every_class"} (a band per class, the default) or
 *                             {@code "winning_class"} (one band: the winning class's probability)
 */
public record RunArguments(Integer tileSize, Integer padding, Integer batchSize, String processorType,
                           Double threshold, Double nmsOverlap, Boolean excludePadDetections,
                           Double scoreThreshold, List<Double> extent, List<Integer> gpuIds,
                           Boolean returnProbabilityRaster, String probabilityBands) {

    public static RunArguments defaults() {
        return new RunArguments(null, null, null, "CPU", null, null, null, null, null, null, null, null);
    }

    /** The arguments Classify Pixels and Detect Change take. */
    public static RunArguments tiles(Integer tileSize, Integer padding, Integer batchSize) {
        return new RunArguments(tileSize, padding, batchSize, "CPU", null, null, null, null, null, null, null, null);
    }

    boolean gpuRequested() {
        return processorType != null && processorType.equalsIgnoreCase("GPU");
    }
}
