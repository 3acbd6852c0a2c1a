package org.rasterhub.runner.classifyobjects;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.rasterhub.runner.classify.InputScaling;
import org.rasterhub.runner.classify.RequestChecks;

/**
 * What to classify and how. Build with {@link #of} and the {@code with} methods.
 *
 * @param raster the imagery the features lie on
 * @param features a GeoJSON or GeoPackage; its first layer is classified
 * @param geoPackageOutput the GeoPackage written, in the raster's CRS
 * @param geoJsonOutput the GeoJSON written, RFC 7946 (WGS84)
 * @param extractBands the bands the model reads ({@code ExtractBands}, from 0), in order
 * @param chipSize the model's square input size in pixels ({@code ImageHeight}); each feature's
 *     bounding box is resampled to it
 * @param batchSize chips per model call, 1 to {@value #MAX_BATCH_SIZE}
 * @param scaling how raster values become model input ({@link InputScaling})
 * @param scoreThreshold a feature whose top probability is below this stays unclassified, 0 to 1
 * @param extent the processing extent {@code [minX, minY, maxX, maxY]} in the raster's CRS: features
 *     whose envelope does not meet it stay unclassified; empty for all features
 */
public record ClassifyObjectsRequest(Path raster, Path features, Path geoPackageOutput,
                                     Path geoJsonOutput, List<Integer> extractBands, int chipSize,
                                     int batchSize, InputScaling scaling,
                                     double scoreThreshold, Optional<List<Double>> extent) {
    /** Most chips per model call. */
    public static final int MAX_BATCH_SIZE = 256;
    /** Largest chip edge in pixels. */
    public static final int MAX_CHIP_SIZE = 2048;

    public ClassifyObjectsRequest {
        if (raster == null || features == null || geoPackageOutput == null || geoJsonOutput == null
                || scaling == null) {
            throw new IllegalArgumentException("raster, features, outputs and scaling are required");
        }
        RequestChecks.differentFiles("raster " + raster + ", features " + features + ", GeoPackage "
            + geoPackageOutput + " and GeoJSON " + geoJsonOutput + " must be four different files",
            raster, features, geoPackageOutput, geoJsonOutput);
        extractBands = RequestChecks.extractBands(extractBands);
        if (chipSize < 1 || chipSize > MAX_CHIP_SIZE) {
            throw new IllegalArgumentException("chip size must be between 1 and " + MAX_CHIP_SIZE
                + " pixels, was " + chipSize);
        }
        RequestChecks.batchSize(batchSize, MAX_BATCH_SIZE);
        if (!(scoreThreshold >= 0 && scoreThreshold <= 1)) {
            throw new IllegalArgumentException("score threshold must be 0 to 1, was " + scoreThreshold);
        }
        extent = extent == null ? Optional.empty() : extent.map(List::copyOf);
        if (extent.isPresent() && (extent.get().size() != 4 || !(extent.get().get(0) < extent.get().get(2))
                || !(extent.get().get(1) < extent.get().get(3)))) {
            throw new IllegalArgumentException("extent must be [minX, minY, maxX, maxY] with min < max, was "
                + extent.get());
        }
    }

    /** A request with batch size 1, no input scaling and no score threshold (every feature labelled). */
    public static ClassifyObjectsRequest of(Path raster, Path features, Path geoPackageOutput,
                                            Path geoJsonOutput, List<Integer> extractBands,
                                            int chipSize) {
        return new ClassifyObjectsRequest(raster, features, geoPackageOutput, geoJsonOutput,
            extractBands, chipSize, 1, InputScaling.NONE, 0, Optional.empty());
    }

    public ClassifyObjectsRequest withBatchSize(int chips) {
        return new ClassifyObjectsRequest(raster, features, geoPackageOutput, geoJsonOutput,
            extractBands, chipSize, chips, scaling, scoreThreshold, extent);
    }

    /** This request with its input scaled by {@code rule} before the model sees it. */
    public ClassifyObjectsRequest withScaling(InputScaling rule) {
        return new ClassifyObjectsRequest(raster, features, geoPackageOutput, geoJsonOutput,
            extractBands, chipSize, batchSize, rule, scoreThreshold, extent);
    }

    public ClassifyObjectsRequest withScoreThreshold(double score) {
        return new ClassifyObjectsRequest(raster, features, geoPackageOutput, geoJsonOutput,
            extractBands, chipSize, batchSize, scaling, score, extent);
    }

    /** Only features meeting this extent ({@code [minX, minY, maxX, maxY]}, raster CRS) are classified. */
    public ClassifyObjectsRequest withExtent(List<Double> processingExtent) {
        return new ClassifyObjectsRequest(raster, features, geoPackageOutput, geoJsonOutput,
            extractBands, chipSize, batchSize, scaling, scoreThreshold, Optional.of(processingExtent));
    }

    int[] bandArray() {
        return extractBands.stream().mapToInt(Integer::intValue).toArray();
    }
}
