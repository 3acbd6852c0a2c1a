package org.rasterhub.runner.raster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;

/**
 * Reads windows of selected bands of one raster file as float32 CHW, the model input layout, without
 * ever holding the whole raster. Windows may reach past the raster edge: those pixels are filled by
 * mirroring the raster at its edge without repeating the edge pixel (numpy's {@code "reflect"}), so a
 * model sees plausible texture there instead of a hard black border that zero padding would add and
 * that convolutions answer with edge artefacts.
 *
 * <p>Not thread-safe: it holds one GDAL {@code Dataset}, which must not be shared between threads
 * (GDAL's block cache per dataset is not locked). Open one reader per thread. Close it to release the
 * file.
 */
public final class BandWindowReader implements AutoCloseable {
    private final Path file;
    private final Dataset dataset;
    private final int[] gdalBands;
    private final OptionalDouble[] noData;
    private final List<PixelType> pixelTypes;
    private float[] scratch = new float[0];

    private BandWindowReader(Path file, Dataset dataset, int[] gdalBands, OptionalDouble[] noData,
                             List<PixelType> pixelTypes) {
        this.file = file;
        this.dataset = dataset;
        this.gdalBands = gdalBands;
        this.noData = noData;
        this.pixelTypes = pixelTypes;
    }

    /**
     * Opens a raster to read the given bands.
     *
     * @param extractBands band indexes from 0, in the order the model expects them (the {@code .emd}'s
     *     {@code ExtractBands}); at least one
     * @throws RasterIoException when the file is missing or not a raster GDAL can read, or names a band
     *     the raster does not have (the message gives the raster's band count)
     */
    public static BandWindowReader open(Path file, int[] extractBands) throws RasterIoException {
        if (extractBands == null || extractBands.length == 0) {
            throw new IllegalArgumentException("at least one band must be extracted");
        }
        Gdal.init();
        GeoTiffs.pushQuietErrors();
        try {
            Dataset dataset = GdalGate.openImagery(file);
            try {
                int count = dataset.GetRasterCount();
                int[] gdalBands = new int[extractBands.length];
                OptionalDouble[] noData = new OptionalDouble[extractBands.length];
                List<PixelType> types = new ArrayList<>();
                for (int i = 0; i < extractBands.length; i++) {
                    int band = extractBands[i];
                    if (band < 0 || band >= count) {
                        throw new RasterIoException(file, "ExtractBands names band " + band
                            + " (0-based) but the raster has " + count + " band(s)"
                            + (count > 0 ? " (0-" + (count - 1) + ")" : "") + "; nothing was read");
                    }
                    gdalBands[i] = band + 1;   // GDAL counts bands from 1
                    noData[i] = noDataOf(dataset.GetRasterBand(band + 1));
                    types.add(PixelType.of(dataset.GetRasterBand(band + 1)));
                }
                return new BandWindowReader(file, dataset, gdalBands, noData, List.copyOf(types));
            } catch (RasterIoException | RuntimeException e) {
                dataset.delete();
                throw e;
            }
        } finally {
            gdal.PopErrorHandler();
        }
    }

    /** Raster width in pixels. */
    public int width() {
        return dataset.GetRasterXSize();
    }

    /** Raster height in pixels. */
    public int height() {
        return dataset.GetRasterYSize();
    }

    /** Number of bands each window holds: the bands given to {@link #open}. */
    public int bandCount() {
        return gdalBands.length;
    }

    /** Number of bands the raster file has, read or not. */
    public int rasterBandCount() {
        return dataset.GetRasterCount();
    }

    /**
     * The raster's geotransform; GDAL's default {@code (0, 1, 0, 0, 0, 1)} when the file has none.
     */
    public GeoTransform transform() {
        return GeoTransform.fromGdal(dataset.GetGeoTransform());
    }

    /** The raster's CRS; empty when it has none. */
    public Crs crs() {
        return GeoTiffs.crsOf(dataset);
    }

    /** The stored type of each extracted band, in the extract order. */
    public List<PixelType> pixelTypes() {
        return pixelTypes;
    }

    /** The nodata value of the {@code i}-th extracted band (0-based in the extract order), if any. */
    public OptionalDouble noData(int i) {
        return noData[i];
    }

    /**
     * Reads a window of the extracted bands into {@code into} from {@code offset}, band-major (all
     * rows of the first extracted band, then the next), {@code bandCount() * width * height} values.
     * Pixels outside the raster are mirrored in from inside it. Reuses an internal buffer no larger
     * than the window, so repeated reads of equal windows allocate nothing.
     *
     * @throws RasterIoException when GDAL fails to read, for example on a truncated file
     * @throws IllegalArgumentException when {@code into} is too small for the window
     */
    public void read(int x, int y, int width, int height, float[] into, int offset)
            throws RasterIoException {
        long needed = (long) gdalBands.length * width * height;
        if (width < 1 || height < 1 || offset < 0 || offset + needed > into.length) {
            throw new IllegalArgumentException("window " + width + " x " + height + " of "
                + gdalBands.length + " band(s) needs " + needed + " values from offset " + offset
                + ", buffer holds " + into.length);
        }
        int[] cols = mirrored(x, width, width());
        int[] rows = mirrored(y, height, height());
        // The mirrored indexes of a contiguous window form a range no wider than the window.
        int srcX = min(cols);
        int srcY = min(rows);
        int srcWidth = max(cols) - srcX + 1;
        int srcHeight = max(rows) - srcY + 1;
        int plane = srcWidth * srcHeight;
        if (scratch.length < plane * gdalBands.length) {
            scratch = new float[plane * gdalBands.length];
        }
        GeoTiffs.pushQuietErrors();
        try {
            gdal.ErrorReset();
            int err = dataset.ReadRaster(srcX, srcY, srcWidth, srcHeight, srcWidth, srcHeight,
                gdalconst.GDT_Float32, scratch, gdalBands);
            // GDAL 3.6 can log a decoding error yet return CE_None for some codecs: check both.
            if (err != gdalconst.CE_None || gdal.GetLastErrorType() >= gdalconst.CE_Failure) {
                throw new RasterIoException(file, "reading bands " + Arrays.toString(gdalBands)
                    + " (1-based) in window x=" + srcX + " y=" + srcY + " " + srcWidth + " x "
                    + srcHeight + " failed: " + GeoTiffs.lastError());
            }
        } finally {
            gdal.PopErrorHandler();
        }
        int out = offset;
        for (int b = 0; b < gdalBands.length; b++) {
            int bandStart = b * plane;
            for (int row : rows) {
                int rowStart = bandStart + (row - srcY) * srcWidth - srcX;
                for (int col : cols) {
                    into[out++] = scratch[rowStart + col];
                }
            }
        }
    }

    /** Closes the GDAL dataset. */
    @Override
    public void close() {
        dataset.delete();
    }

    @Override
    public String toString() {
        return "BandWindowReader[" + file + ", bands " + Arrays.toString(gdalBands) + "]";
    }

    /** Index inside {@code [0, size)} that pixel {@code i} mirrors to; {@code i} may be any int. */
    static int mirror(int i, int size) {
        if (size == 1) {
            return 0;
        }
        int period = 2 * (size - 1);
        int m = Math.floorMod(i, period);
        return m < size ? m : period - m;
    }

    private static int[] mirrored(int start, int length, int size) {
        int[] indexes = new int[length];
        for (int i = 0; i < length; i++) {
            indexes[i] = mirror(start + i, size);
        }
        return indexes;
    }

    private static int min(int[] values) {
        int min = Integer.MAX_VALUE;
        for (int v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    private static int max(int[] values) {
        int max = Integer.MIN_VALUE;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static OptionalDouble noDataOf(Band band) {
        Double[] value = new Double[1];
        band.GetNoDataValue(value);
        return value[0] == null ? OptionalDouble.empty() : OptionalDouble.of(value[0]);
    }
}
