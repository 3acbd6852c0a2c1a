package org.rasterhub.runner.raster;

import java.nio.file.Path;
import java.util.List;

import org.gdal.gdalconst.gdalconst;

/**
 * Writes a raster of measures window by window: Float32 bands (class probabilities, or a regression
 * model's values), each with a description, the input's geotransform and CRS, and NaN as nodata.
 * {@link #finish()} turns it into a DEFLATE-compressed Cloud Optimized GeoTIFF whose overviews average
 * (measures, unlike class values, may be averaged) and whose blocks use the floating-point predictor
 * ({@link CogFile} says how it is written).
 *
 * <p>Band descriptions are stored in the GeoTIFF itself (GDAL's metadata tag), so QGIS and ArcGIS
 * show "water" rather than "Band 3" without any sidecar file.
 *
 * <p>Not thread-safe: one GDAL dataset, one thread.
 */
public final class FloatRasterWriter implements AutoCloseable {
    /** Pixel value for "no value": input pixels that were nodata in every extracted band. */
    public static final float NO_DATA = Float.NaN;
    /**
     * Dataset metadata item saying what the bands measure: {@value #PROBABILITY} (0 to 1) or
     * {@value #VALUE} (any range), so that maps draw them on the right scale.
     */
    public static final String MEASURE_KEY = "RASTERHUB_MEASURE";
    public static final String PROBABILITY = "probability";
    public static final String VALUE = "value";

    private final CogFile file;
    private final int bands;

    private FloatRasterWriter(CogFile file, int bands) {
        this.file = file;
        this.bands = bands;
    }

    /**
     * Starts a raster of {@code width} x {@code height} pixels with one band per description,
     * replacing {@code output} once {@link #finish()} succeeds.
     *
     * @param probabilities whether the bands are probabilities (0 to 1) rather than values
     * @param blockSize block edge of the intermediate tiled GeoTIFF, as {@link ClassMapWriter#create}
     * @throws IllegalArgumentException when there is no band
     * @throws RasterIoException when GDAL cannot create the temporary file next to {@code output}
     */
    public static FloatRasterWriter create(Path output, int width, int height, GeoTransform transform, Crs crs,
                                           List<String> bandDescriptions, boolean probabilities, int blockSize)
            throws RasterIoException {
        if (bandDescriptions.isEmpty()) {
            throw new IllegalArgumentException("a float raster needs at least one band");
        }
        CogFile file = CogFile.create(output, width, height, bandDescriptions.size(), gdalconst.GDT_Float32,
            blockSize, transform, crs, NO_DATA);
        try {
            file.metadata(MEASURE_KEY, probabilities ? PROBABILITY : VALUE);
            for (int b = 0; b < bandDescriptions.size(); b++) {
                file.band(b + 1).SetDescription(bandDescriptions.get(b));
            }
        } catch (RasterIoException | RuntimeException e) {
            file.close();
            throw e;
        }
        return new FloatRasterWriter(file, bandDescriptions.size());
    }

    /** Bands of the raster. */
    public int bands() {
        return bands;
    }

    /**
     * Writes values, row by row, into a window of band {@code band} (from 0).
     *
     * @throws RasterIoException when GDAL fails to write
     */
    public void write(int band, int x, int y, int width, int height, float[] values) throws RasterIoException {
        if (band < 0 || band >= bands) {
            throw new IllegalArgumentException("band " + band + " is outside 0-" + (bands - 1));
        }
        file.write(band + 1, x, y, width, height, values);
    }

    /**
     * Flushes and copies the written raster to the output as a Cloud Optimized GeoTIFF, replacing any
     * file there, and deletes the temporary file.
     *
     * @throws RasterIoException when flushing or the copy fails; then no output file is left
     */
    public void finish() throws RasterIoException {
        file.finish("AVERAGE", List.of("PREDICTOR=YES"));
    }

    /** Releases the temporary file; without a successful {@link #finish()} also the output. */
    @Override
    public void close() {
        file.close();
    }
}
