package org.rasterhub.runner.raster;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Vector;

import org.gdal.gdal.Band;
import org.gdal.gdal.ColorTable;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.TranslateOptions;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.rasterhub.core.emd.ModelClass;

/**
 * Writes a classified raster window by window: one Byte band of class values with the classes'
 * colours as a colour table, the input's geotransform and CRS,
 * and {@value #NO_DATA} as nodata. {@link #finish()} turns it into a DEFLATE-compressed Cloud
 * Optimized GeoTIFF with {@value #COG_BLOCK_SIZE}-pixel blocks.
 *
 * <p>Windows go first to an uncompressed tiled GeoTIFF next to the output: GDAL rewrites an
 * uncompressed block in place when two tiles' cores share it, while a compressed one would be
 * appended again and the file would grow. The COG driver only writes whole files (CreateCopy), so
 * the copy to the output is a second pass that streams block by block; memory stays bounded by GDAL's
 * block cache. The temporary file is deleted in every case; the output exists only after {@link
 * #finish()} succeeded.
 *
 * <p>Not thread-safe: one GDAL dataset, one thread.
 */
public final class ClassMapWriter implements AutoCloseable {
    /** Pixel value for "no class": input pixels that were nodata in every extracted band. */
    public static final int NO_DATA = 255;
    /** Highest class value a Byte raster can hold besides {@link #NO_DATA}. */
    public static final int MAX_CLASS_VALUE = 254;
    /** Edge of the output COG's blocks, in pixels (the COG driver's default). */
    public static final int COG_BLOCK_SIZE = 512;
    /** Block edge of the temporary GeoTIFF when the caller's writes cannot be aligned. */
    static final int FALLBACK_BLOCK_SIZE = 256;

    private static final String NOTHING_WRITTEN = "; nothing was written";
    private static final String GDAL_NUM_THREADS = "GDAL_NUM_THREADS";
    private static final String COG_THREADS = "ALL_CPUS";
    private static final int DEFLATE_LEVEL = 1;

    private final Path output;
    private final Path temporary;
    private Dataset dataset;
    private final Band band;
    private boolean finished;

    private ClassMapWriter(Path output, Path temporary, Dataset dataset) {
        this.output = output;
        this.temporary = temporary;
        this.dataset = dataset;
        this.band = dataset.GetRasterBand(1);
    }

    /**
     * Starts a classified raster of {@code width} x {@code height} pixels, replacing {@code output}
     * once {@link #finish()} succeeds.
     *
     * @param blockSize block edge of the intermediate tiled GeoTIFF: a multiple of 16 that divides the
     *     caller's write windows, so each block is written once; 0 for GDAL's choice
     * @throws IllegalArgumentException when a class value is outside 0-{@value #MAX_CLASS_VALUE}
     * @throws RasterIoException when GDAL cannot create the temporary file next to {@code output}
     */
    public static ClassMapWriter create(Path output, int width, int height, GeoTransform transform,
            Crs crs, List<ModelClass> classes, int blockSize) throws RasterIoException {
        for (ModelClass c : classes) {
            if (c.value() < 0 || c.value() > MAX_CLASS_VALUE) {
                throw new IllegalArgumentException("class \"" + c.name() + "\" has value " + c.value()
                    + "; a Byte class raster holds 0-" + MAX_CLASS_VALUE + " (" + NO_DATA
                    + " is nodata)");
            }
        }
        if (blockSize != 0 && (blockSize % 16 != 0 || blockSize < 16)) {
            throw new IllegalArgumentException("block size must be a positive multiple of 16 or 0, was "
                + blockSize);
        }
        Gdal.init();
        Path temporary = output.resolveSibling(output.getFileName() + ".part.tif");
        int block = blockSize == 0 ? FALLBACK_BLOCK_SIZE : blockSize;
        GeoTiffs.pushQuietErrors();
        try {
            gdal.ErrorReset();
            Dataset dataset = gdal.GetDriverByName("GTiff").Create(temporary.toString(), width, height,
                1, gdalconst.GDT_Byte, new String[] {"TILED=YES", "BLOCKXSIZE=" + block,
                    "BLOCKYSIZE=" + block, "BIGTIFF=IF_SAFER"});
            if (dataset == null) {
                throw new RasterIoException(output, "GDAL could not create the temporary GeoTIFF "
                    + temporary + ": " + GeoTiffs.lastError() + NOTHING_WRITTEN);
            }
            ClassMapWriter writer = new ClassMapWriter(output, temporary, dataset);
            try {
                writer.describe(transform, crs, classes);
            } catch (RasterIoException | RuntimeException e) {
                writer.close();
                throw e;
            }
            return writer;
        } finally {
            gdal.PopErrorHandler();
        }
    }

    /**
     * Writes class values, row by row, into a window inside the raster.
     *
     * @throws RasterIoException when GDAL fails to write
     */
    public void write(int x, int y, int width, int height, byte[] classValues) throws RasterIoException {
        if (finished || dataset == null) {
            throw new IllegalStateException("writer for " + output + " is already finished or closed");
        }
        GeoTiffs.pushQuietErrors();
        try {
            gdal.ErrorReset();
            GeoTiffs.check(output, band.WriteRaster(x, y, width, height, width, height,
                gdalconst.GDT_Byte, classValues), "writing window x=" + x + " y=" + y + " " + width
                + " x " + height + " to " + temporary, NOTHING_WRITTEN);
        } finally {
            gdal.PopErrorHandler();
        }
    }

    /**
     * Flushes and copies the written raster to {@code output} as a Cloud Optimized GeoTIFF, replacing
     * any file there, and deletes the temporary file.
     *
     * @throws RasterIoException when flushing or the copy fails; then no output file is left
     */
    public void finish() throws RasterIoException {
        if (finished || dataset == null) {
            throw new IllegalStateException("writer for " + output + " is already finished or closed");
        }
        GeoTiffs.pushQuietErrors();
        try {
            gdal.ErrorReset();
            dataset.FlushCache();
            if (gdal.GetLastErrorType() >= gdalconst.CE_Failure) {
                throw new RasterIoException(output, "flushing " + temporary + " failed: "
                    + GeoTiffs.lastError() + NOTHING_WRITTEN);
            }
            GeoTiffs.deleteQuietly(output);
            // Class values must never be averaged: overviews take the most frequent class.
            // NUM_THREADS: DEFLATE of the COG's blocks on every core (the copy was 45 % of a run
            // on one thread, docs/benchmarks.md); GDAL_NUM_THREADS, thread-local so other
            // threads' GDAL work is not affected, lets the overviews be computed in parallel too.
            // DEFLATE level 1: GDAL 3.6's COG driver compresses the overviews twice (a temporary
            // file, then the output); level 1 halved the copy for ~15 % more bytes (benchmarks.md).
            Vector<String> options = new Vector<>(List.of("-of", "COG",
                "-co", "COMPRESS=DEFLATE", "-co", "BLOCKSIZE=" + COG_BLOCK_SIZE,
                "-co", "RESAMPLING=MODE", "-co", "BIGTIFF=IF_SAFER",
                "-co", "NUM_THREADS=" + COG_THREADS, "-co", "LEVEL=" + DEFLATE_LEVEL));
            TranslateOptions translate = new TranslateOptions(options);
            String threadsBefore = gdal.GetThreadLocalConfigOption(GDAL_NUM_THREADS, null);
            gdal.SetThreadLocalConfigOption(GDAL_NUM_THREADS, COG_THREADS);
            gdal.ErrorReset();
            Dataset cog;
            try {
                cog = gdal.Translate(output.toString(), dataset, translate);
            } finally {
                gdal.SetThreadLocalConfigOption(GDAL_NUM_THREADS, threadsBefore);
                translate.delete();
            }
            if (cog == null) {
                throw new RasterIoException(output, "GDAL could not write a Cloud Optimized GeoTIFF: "
                    + GeoTiffs.lastError() + NOTHING_WRITTEN);
            }
            cog.delete();   // the COG is incomplete until its dataset is closed
            if (gdal.GetLastErrorType() >= gdalconst.CE_Failure) {
                throw new RasterIoException(output, "writing the Cloud Optimized GeoTIFF failed: "
                    + GeoTiffs.lastError() + NOTHING_WRITTEN);
            }
            finished = true;
        } finally {
            gdal.PopErrorHandler();
            close();
        }
    }

    /** Releases the temporary file; without a successful {@link #finish()} also the output. */
    @Override
    public void close() {
        if (dataset != null) {
            dataset.delete();
            dataset = null;
        }
        GeoTiffs.deleteQuietly(temporary);
        if (!finished) {
            GeoTiffs.deleteQuietly(output);
        }
    }

    private void describe(GeoTransform transform, Crs crs, List<ModelClass> classes)
            throws RasterIoException {
        GeoTiffs.check(output, dataset.SetGeoTransform(transform.toGdal()), "setting the geotransform",
            NOTHING_WRITTEN);
        if (!crs.isEmpty()) {
            GeoTiffs.check(output, dataset.SetProjection(crs.wkt()), "setting the CRS",
                NOTHING_WRITTEN);
        }
        GeoTiffs.check(output, band.SetNoDataValue(NO_DATA), "setting nodata", NOTHING_WRITTEN);
        if (classes.isEmpty()) {
            return;
        }
        ColorTable colours = new ColorTable(gdalconst.GPI_RGB);
        int highest = classes.stream().mapToInt(ModelClass::value).max().orElse(0);
        for (int value = 0; value <= highest; value++) {
            colours.SetColorEntry(value, new Color(0, 0, 0, 0));
        }
        for (ModelClass c : classes) {
            colours.SetColorEntry(c.value(), new Color(c.red(), c.green(), c.blue()));
        }
        colours.SetColorEntry(NO_DATA, new Color(0, 0, 0, 0));
        try {
            GeoTiffs.check(output, band.SetRasterColorTable(colours), "setting the colour table",
                NOTHING_WRITTEN);
            GeoTiffs.check(output, band.SetRasterColorInterpretation(gdalconst.GCI_PaletteIndex),
                "setting palette colours", NOTHING_WRITTEN);
            // No category names: GeoTIFF keeps them only in a .aux.xml sidecar, which a stored
            // output never has (GDAL's PAM is off; see GdalGate). Legends take names from the .emd.
        } finally {
            colours.delete();
        }
    }
}
