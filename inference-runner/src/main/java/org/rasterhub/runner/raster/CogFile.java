package org.rasterhub.runner.raster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;

import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.TranslateOptions;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;

/**
 * A Cloud Optimized GeoTIFF written window by window, for the writers of run results ({@link
 * ClassMapWriter}, {@link FloatRasterWriter}).
 *
 * <p>Windows go first to an uncompressed tiled GeoTIFF next to the output: GDAL rewrites an
 * uncompressed block in place when two tiles' cores share it, while a compressed one would be
 * appended again and the file would grow. The COG driver only writes whole files (CreateCopy), so
 * the copy to the output is a second pass that streams block by block; memory stays bounded by GDAL's
 * block cache. The temporary file is deleted in every case; the output exists only after {@link
 * #finish} succeeded.
 *
 * <p>Not thread-safe: one GDAL dataset, one thread at a time.
 */
final class CogFile implements AutoCloseable {
    /** Edge of the output COG's blocks, in pixels (the COG driver's default). */
    static final int COG_BLOCK_SIZE = 512;
    /** Block edge of the temporary GeoTIFF when the caller's writes cannot be aligned. */
    static final int FALLBACK_BLOCK_SIZE = 256;
    static final String NOTHING_WRITTEN = "; nothing was written";

    private static final String GDAL_NUM_THREADS = "GDAL_NUM_THREADS";
    private static final String COG_THREADS = "ALL_CPUS";
    private static final int DEFLATE_LEVEL = 1;

    private final Path output;
    private final Path temporary;
    private Dataset dataset;
    private boolean finished;

    private CogFile(Path output, Path temporary, Dataset dataset) {
        this.output = output;
        this.temporary = temporary;
        this.dataset = dataset;
    }

    /**
     * Starts a raster of {@code bands} bands of GDAL type {@code gdalType}, placed and with nodata as
     * given, replacing {@code output} once {@link #finish} succeeds.
     *
     * @param blockSize block edge of the intermediate tiled GeoTIFF: a multiple of 16 that divides the
     *     caller's write windows, so each block is written once; 0 for a fixed default
     * @throws RasterIoException when GDAL cannot create the temporary file next to {@code output}
     */
    static CogFile create(Path output, int width, int height, int bands, int gdalType, int blockSize,
                          GeoTransform transform, Crs crs, double noData) throws RasterIoException {
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
                bands, gdalType, new String[] {"TILED=YES", "BLOCKXSIZE=" + block,
                    "BLOCKYSIZE=" + block, "BIGTIFF=IF_SAFER", "INTERLEAVE=BAND"});
            if (dataset == null) {
                throw new RasterIoException(output, "GDAL could not create the temporary GeoTIFF "
                    + temporary + ": " + GeoTiffs.lastError() + NOTHING_WRITTEN);
            }
            CogFile file = new CogFile(output, temporary, dataset);
            try {
                file.place(transform, crs, noData);
            } catch (RasterIoException | RuntimeException e) {
                file.close();
                throw e;
            }
            return file;
        } finally {
            gdal.PopErrorHandler();
        }
    }

    Path output() {
        return output;
    }

    /** Band {@code number}, from 1, for describing it before anything is written. */
    Band band(int number) {
        requireOpen();
        return dataset.GetRasterBand(number);
    }

    /** Sets a metadata item of the dataset (kept in the GeoTIFF's GDAL metadata tag). */
    void metadata(String key, String value) throws RasterIoException {
        requireOpen();
        GeoTiffs.check(output, dataset.SetMetadataItem(key, value), "setting metadata " + key, NOTHING_WRITTEN);
    }

    /** Writes bytes row by row into a window of band 1. */
    void write(int x, int y, int width, int height, byte[] values) throws RasterIoException {
        requireOpen();
        GeoTiffs.pushQuietErrors();
        try {
            gdal.ErrorReset();
            GeoTiffs.check(output, dataset.GetRasterBand(1).WriteRaster(x, y, width, height, width, height,
                gdalconst.GDT_Byte, values), windowStep(x, y, width, height), NOTHING_WRITTEN);
        } finally {
            gdal.PopErrorHandler();
        }
    }

    /** Writes floats row by row into a window of band {@code number} (from 1). */
    void write(int number, int x, int y, int width, int height, float[] values) throws RasterIoException {
        requireOpen();
        GeoTiffs.pushQuietErrors();
        try {
            gdal.ErrorReset();
            GeoTiffs.check(output, dataset.GetRasterBand(number).WriteRaster(x, y, width, height, width, height,
                gdalconst.GDT_Float32, values), "band " + number + " " + windowStep(x, y, width, height),
                NOTHING_WRITTEN);
        } finally {
            gdal.PopErrorHandler();
        }
    }

    private String windowStep(int x, int y, int width, int height) {
        return "writing window x=" + x + " y=" + y + " " + width + " x " + height + " to " + temporary;
    }

    /**
     * Flushes and copies the written raster to the output as a DEFLATE-compressed Cloud Optimized
     * GeoTIFF with {@value #COG_BLOCK_SIZE}-pixel blocks, replacing any file there, and deletes the
     * temporary file.
     *
     * @param resampling how overviews are computed (MODE for classes, AVERAGE for measures)
     * @param extraOptions more COG creation options, as {@code KEY=VALUE}
     * @throws RasterIoException when flushing or the copy fails; then no output file is left
     */
    void finish(String resampling, List<String> extraOptions) throws RasterIoException {
        requireOpen();
        GeoTiffs.pushQuietErrors();
        try {
            gdal.ErrorReset();
            dataset.FlushCache();
            if (gdal.GetLastErrorType() >= gdalconst.CE_Failure) {
                throw new RasterIoException(output, "flushing " + temporary + " failed: "
                    + GeoTiffs.lastError() + NOTHING_WRITTEN);
            }
            GeoTiffs.deleteQuietly(output);
            // NUM_THREADS: DEFLATE of the COG's blocks on every core (the copy was 45 % of a run
            // on one thread, docs/benchmarks.md); GDAL_NUM_THREADS, thread-local so other
            // threads' GDAL work is not affected, lets the overviews be computed in parallel too.
            // DEFLATE level 1: GDAL 3.6's COG driver compresses the overviews twice (a temporary
            // file, then the output); level 1 halved the copy for ~15 % more bytes (benchmarks.md).
            List<String> arguments = new ArrayList<>(List.of("-of", "COG",
                "-co", "COMPRESS=DEFLATE", "-co", "BLOCKSIZE=" + COG_BLOCK_SIZE,
                "-co", "RESAMPLING=" + resampling, "-co", "BIGTIFF=IF_SAFER",
                "-co", "NUM_THREADS=" + COG_THREADS, "-co", "LEVEL=" + DEFLATE_LEVEL));
            for (String option : extraOptions) {
                arguments.add("-co");
                arguments.add(option);
            }
            TranslateOptions translate = new TranslateOptions(new Vector<>(arguments));
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

    /** Releases the temporary file; without a successful {@link #finish} also the output. */
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

    private void requireOpen() {
        if (finished || dataset == null) {
            throw new IllegalStateException("writer for " + output + " is already finished or closed");
        }
    }

    private void place(GeoTransform transform, Crs crs, double noData) throws RasterIoException {
        GeoTiffs.check(output, dataset.SetGeoTransform(transform.toGdal()), "setting the geotransform",
            NOTHING_WRITTEN);
        if (!crs.isEmpty()) {
            GeoTiffs.check(output, dataset.SetProjection(crs.wkt()), "setting the CRS", NOTHING_WRITTEN);
        }
        for (int b = 1; b <= dataset.GetRasterCount(); b++) {
            GeoTiffs.check(output, dataset.GetRasterBand(b).SetNoDataValue(noData), "setting nodata",
                NOTHING_WRITTEN);
        }
    }
}
