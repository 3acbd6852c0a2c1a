package org.rasterhub.runner.change;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.gdal.osr.SpatialReference;
import org.rasterhub.runner.classify.TileReader;
import org.rasterhub.runner.raster.Crs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.tiling.TileGrid;
import org.rasterhub.runner.tiling.Window;

/**
 * A request's two dates open for reading, checked to share one pixel grid, with the processing window
 * and the tile grid over it. Not thread-safe: two GDAL datasets.
 */
final class DatePair implements AutoCloseable {
    private static final double GRID_TOLERANCE = 1e-9;

    final TileReader from;
    final TileReader to;
    final Window window;
    final TileGrid grid;

    private DatePair(TileReader from, TileReader to, Window window, TileGrid grid) {
        this.from = from;
        this.to = to;
        this.window = window;
        this.grid = grid;
    }

    /**
     * Opens both rasters of the request.
     *
     * @throws RasterMismatchException when they differ in size, geotransform or CRS
     * @throws RasterIoException when one cannot be read
     * @throws IllegalArgumentException when the processing window reaches outside the rasters
     */
    static DatePair open(DetectChangeRequest request) throws RasterMismatchException, RasterIoException {
        int[] bands = request.bandArray();
        TileReader from = TileReader.open(request.fromRaster(), bands, request.scaling());
        try {
            TileReader to = TileReader.open(request.toRaster(), bands, request.scaling());
            try {
                checkSameGrid(request, from, to);
                Window window = request.processingWindow().orElse(new Window(0, 0, from.width(), from.height()));
                from.checkInside(request.fromRaster(), window);
                TileGrid grid = new TileGrid(window.width(), window.height(), request.tileSize(), request.padding());
                return new DatePair(from, to, window, grid);
            } catch (Throwable e) {
                to.close();
                throw e;
            }
        } catch (Throwable e) {
            from.close();
            throw e;
        }
    }

    /** The geotransform of the processing window's top-left pixel, the first date's. */
    GeoTransform transform() {
        return from.transform().shiftedBy(window.x(), window.y());
    }

    /** The first date's CRS. */
    Crs crs() {
        return from.crs();
    }

    @Override
    public void close() {
        try {
            to.close();
        } finally {
            from.close();
        }
    }

    private static void checkSameGrid(DetectChangeRequest request, TileReader from, TileReader to)
            throws RasterMismatchException {
        List<String> differences = new ArrayList<>();
        if (from.width() != to.width() || from.height() != to.height()) {
            differences.add("size " + from.width() + " x " + from.height() + " vs " + to.width()
                + " x " + to.height() + " pixels");
        }
        double[] a = from.transform().toGdal();
        double[] b = to.transform().toGdal();
        double scale = Math.max(Math.abs(a[1]), Math.abs(a[5]));
        for (int i = 0; i < 6; i++) {
            // Relative to the pixel size: the same grid written by two tools may differ in the
            // last decimal of its origin.
            if (Math.abs(a[i] - b[i]) > GRID_TOLERANCE * Math.max(scale, Math.abs(a[i]))) {
                differences.add("geotransform " + Arrays.toString(a) + " vs " + Arrays.toString(b));
                break;
            }
        }
        if (!sameCrs(from.crs(), to.crs())) {
            differences.add("CRS " + describe(from.crs()) + " vs " + describe(to.crs()));
        }
        if (!differences.isEmpty()) {
            throw new RasterMismatchException(request.fromRaster(), request.toRaster(), differences);
        }
    }

    private static boolean sameCrs(Crs a, Crs b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        if (a.wkt().equals(b.wkt())) {
            return true;
        }
        SpatialReference first = new SpatialReference(a.wkt());
        SpatialReference second = new SpatialReference(b.wkt());
        try {
            return first.IsSame(second) == 1;
        } finally {
            first.delete();
            second.delete();
        }
    }

    private static String describe(Crs crs) {
        if (crs.isEmpty()) {
            return "none";
        }
        if (crs.epsg().isPresent()) {
            return "EPSG:" + crs.epsg().getAsInt();
        }
        String wkt = crs.wkt();
        return "\"" + (wkt.length() > 80 ? wkt.substring(0, 77) + "..." : wkt) + "\"";
    }
}
