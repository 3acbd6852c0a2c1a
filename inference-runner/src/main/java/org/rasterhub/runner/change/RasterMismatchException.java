package org.rasterhub.runner.change;

import java.nio.file.Path;
import java.util.List;

/**
 * The two rasters of a change detection do not share one pixel grid: size, geotransform or CRS
 * differ. Every difference is listed, so one fix suffices.
 */
public final class RasterMismatchException extends Exception {
    private final Path fromRaster;
    private final Path toRaster;
    private final List<String> differences;

    RasterMismatchException(Path fromRaster, Path toRaster, List<String> differences) {
        super(fromRaster + " and " + toRaster + " must share size, geotransform and CRS to be compared,"
            + " but differ: " + String.join("; ", differences) + "; nothing was written");
        this.fromRaster = fromRaster;
        this.toRaster = toRaster;
        this.differences = List.copyOf(differences);
    }

    /** The first date's raster. */
    public Path fromRaster() {
        return fromRaster;
    }

    /** The second date's raster. */
    public Path toRaster() {
        return toRaster;
    }

    /** One entry per difference, each "what: from value vs to value". */
    public List<String> differences() {
        return differences;
    }
}
