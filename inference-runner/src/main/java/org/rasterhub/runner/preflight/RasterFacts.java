package org.rasterhub.runner.preflight;

import java.nio.file.Path;
import org.rasterhub.runner.raster.BandWindowReader;
import org.rasterhub.runner.raster.Crs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.raster.RasterIoException;

/** What the pre-flight check needs to know about an input raster, read from its header only. */
public record RasterFacts(Path file, int width, int height, int bandCount, GeoTransform transform, Crs crs) {

    /**
     * Opens the raster with GDAL and reads its size, bands, geotransform and CRS; no pixels.
     *
     * @throws RasterIoException when GDAL cannot open it
     */
    public static RasterFacts probe(Path file) throws RasterIoException {
        try (BandWindowReader reader = BandWindowReader.open(file, new int[] {0})) {
            return new RasterFacts(file, reader.width(), reader.height(), reader.rasterBandCount(), reader.transform(),
                    reader.crs());
        }
    }

    /** Cell width in CRS units (absolute). */
    public double cellWidth() {
        return Math.abs(transform.pixelWidth());
    }

    /** Cell height in CRS units (absolute). */
    public double cellHeight() {
        return Math.abs(transform.pixelHeight());
    }
}
