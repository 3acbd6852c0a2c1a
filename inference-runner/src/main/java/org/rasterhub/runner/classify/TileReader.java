package org.rasterhub.runner.classify;

import java.nio.file.Path;
import java.util.OptionalDouble;

import org.rasterhub.runner.raster.BandWindowReader;
import org.rasterhub.runner.raster.Crs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.tiling.Tile;
import org.rasterhub.runner.tiling.Window;

/**
 * Reads padded tiles of one raster as model input: the extracted bands as float32 CHW, scaled by an
 * request's {@link InputScaling}, and a mask of the pixels that are nodata in every extracted band. Tiles
 * are laid out on a grid over a processing window: a tile's input window is shifted by the window's
 * offset, so padding reads real pixels outside the window and is mirrored only past the raster edge.
 *
 * <p>Not thread-safe, like the GDAL dataset it holds: one thread at a time (handing it from the
 * thread that opened it to a reader thread is fine).
 */
public final class TileReader implements AutoCloseable {
    private final BandWindowReader reader;
    private final InputScaling.BandTransform scaling;
    private final double[] noData;

    private TileReader(BandWindowReader reader, InputScaling scaling) {
        this.reader = reader;
        this.scaling = scaling.forBands(reader.pixelTypes());
        this.noData = noDataValues(reader);
    }

    /**
     * Opens a raster to read the given bands (0-based, in model order).
     *
     * @throws RasterIoException when the file is missing, no raster, or lacks one of the bands
     */
    public static TileReader open(Path file, int[] extractBands, InputScaling scaling)
            throws RasterIoException {
        BandWindowReader reader = BandWindowReader.open(file, extractBands);
        try {
            return new TileReader(reader, scaling);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Raster width in pixels. */
    public int width() {
        return reader.width();
    }

    /** Raster height in pixels. */
    public int height() {
        return reader.height();
    }

    /** Number of extracted bands, the channels of one tile. */
    public int bandCount() {
        return reader.bandCount();
    }

    /** The raster's geotransform. */
    public GeoTransform transform() {
        return reader.transform();
    }

    /** The raster's CRS; empty when it has none. */
    public Crs crs() {
        return reader.crs();
    }

    /** Whether every extracted band declares nodata, so that {@link #read} can mark nodata pixels. */
    public boolean marksNoData() {
        return noData != null;
    }

    /**
     * Checks that a processing window lies inside the raster.
     *
     * @throws IllegalArgumentException naming the file, the window and the raster size otherwise
     */
    public void checkInside(Path file, Window window) {
        if (window.x() < 0 || window.y() < 0 || window.endX() > width() || window.endY() > height()) {
            throw new IllegalArgumentException(file + ": processing window " + window
                + " reaches outside the raster of " + width() + " x " + height()
                + " pixels; nothing was read");
        }
    }

    /**
     * Reads one tile's input window, shifted by {@code (offsetX, offsetY)}, into {@code into} from
     * {@code offset} ({@code bandCount() * tileSize²} values), and ORs "nodata in every band" into
     * {@code mask} from {@code maskOffset} ({@code tileSize²} flags) when {@code mask} is not null
     * and the raster declares nodata. Values are scaled after the nodata test, which compares with
     * the values as stored.
     *
     * @throws RasterIoException when GDAL fails to read
     */
    public void read(Tile tile, int offsetX, int offsetY, float[] into, int offset, boolean[] mask,
                     int maskOffset) throws RasterIoException {
        Window input = tile.input();
        int plane = input.width() * input.height();
        reader.read(input.x() + offsetX, input.y() + offsetY, input.width(), input.height(), into,
            offset);
        if (mask != null && noData != null) {
            for (int p = 0; p < plane; p++) {
                boolean all = true;
                for (int b = 0; b < noData.length && all; b++) {
                    all = isNoData(into[offset + b * plane + p], noData[b]);
                }
                if (all) {
                    mask[maskOffset + p] = true;
                }
            }
        }
        scaling.apply(into, offset, plane);
    }

    /** Closes the GDAL dataset. */
    @Override
    public void close() {
        reader.close();
    }

    // NaN is a common nodata value of float rasters, and NaN == NaN is false.
    private static boolean isNoData(float value, double noData) {
        return Double.isNaN(noData) ? Float.isNaN(value) : value == (float) noData;
    }

    // Null unless every extracted band declares nodata: a pixel is "no data" only when all are.
    private static double[] noDataValues(BandWindowReader reader) {
        double[] values = new double[reader.bandCount()];
        for (int b = 0; b < values.length; b++) {
            OptionalDouble value = reader.noData(b);
            if (value.isEmpty()) {
                return null;
            }
            values[b] = value.getAsDouble();
        }
        return values;
    }
}
