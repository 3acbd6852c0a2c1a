package org.rasterhub.runner.raster;

import java.util.Arrays;

import org.rasterhub.runner.tiling.Window;

/**
 * Affine map from pixel (column, row) to map coordinates, in GDAL's order: the map x of a pixel's
 * top-left corner is {@code originX + col * pixelWidth + row * rowRotation}, its map y is {@code
 * originY + col * columnRotation + row * pixelHeight}. Units are those of the raster's CRS; {@code
 * pixelHeight} is negative for the usual north-up image.
 */
public record GeoTransform(double originX, double pixelWidth, double rowRotation,
                           double originY, double columnRotation, double pixelHeight) {
    private static final double EDGE_TOLERANCE = 1e-6;

    public GeoTransform {
        double[] all = {originX, pixelWidth, rowRotation, originY, columnRotation, pixelHeight};
        for (double v : all) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("geotransform must be finite, was " + describe(all));
            }
        }
        if (pixelWidth * pixelHeight - rowRotation * columnRotation == 0) {
            throw new IllegalArgumentException(
                "geotransform must be invertible (non-zero pixel size), was " + describe(all));
        }
    }

    /**
     * A north-up transform without rotation.
     *
     * @param left map x of the raster's left edge
     * @param top map y of the raster's top edge
     * @param pixelWidth pixel width in map units, positive
     * @param pixelHeight pixel height in map units, positive (stored negated, as GDAL expects)
     */
    public static GeoTransform northUp(double left, double top, double pixelWidth, double pixelHeight) {
        if (!(pixelWidth > 0) || !(pixelHeight > 0)) {
            throw new IllegalArgumentException("pixel size must be positive, was "
                + pixelWidth + " x " + pixelHeight);
        }
        return new GeoTransform(left, pixelWidth, 0, top, 0, -pixelHeight);
    }

    /** Reads GDAL's six-element array ({@code GDALGetGeoTransform} order). */
    public static GeoTransform fromGdal(double[] gt) {
        if (gt == null || gt.length != 6) {
            throw new IllegalArgumentException("a GDAL geotransform has 6 elements, was "
                + (gt == null ? "null" : gt.length));
        }
        return new GeoTransform(gt[0], gt[1], gt[2], gt[3], gt[4], gt[5]);
    }

    /** The six-element array GDAL's {@code SetGeoTransform} takes. */
    public double[] toGdal() {
        return new double[] {originX, pixelWidth, rowRotation, originY, columnRotation, pixelHeight};
    }

    /**
     * The transform of a raster cut out of this one whose top-left pixel is this raster's pixel
     * ({@code column}, {@code row}): same pixel size and rotation, origin moved to that pixel's
     * top-left corner.
     */
    public GeoTransform shiftedBy(int column, int row) {
        return new GeoTransform(originX + column * pixelWidth + row * rowRotation, pixelWidth,
            rowRotation, originY + column * columnRotation + row * pixelHeight, columnRotation,
            pixelHeight);
    }

    /**
     * The smallest pixel window of a {@code rasterWidth} x {@code rasterHeight} raster with this
     * transform that covers a map extent, clipped to the raster. A pixel counts when any part of it
     * lies inside the extent; an extent edge that falls on a pixel edge (to 1e-6 pixel) takes no
     * pixel beyond it. Works for rotated transforms too (the extent's four corners are mapped).
     *
     * @param minX left edge of the extent, in the raster's CRS units
     * @param minY bottom edge of the extent
     * @param maxX right edge of the extent
     * @param maxY top edge of the extent
     * @throws IllegalArgumentException when the extent is empty or not finite, or does not overlap
     *     the raster; the message gives both extents
     */
    public Window pixelWindowOf(double minX, double minY, double maxX, double maxY, int rasterWidth,
                                int rasterHeight) {
        if (!Double.isFinite(minX) || !Double.isFinite(minY) || !Double.isFinite(maxX)
                || !Double.isFinite(maxY) || !(maxX > minX) || !(maxY > minY)) {
            throw new IllegalArgumentException("extent must be finite with min < max, was "
                + extent(minX, minY, maxX, maxY));
        }
        if (rasterWidth < 1 || rasterHeight < 1) {
            throw new IllegalArgumentException("raster must be at least 1 x 1 pixels, was "
                + rasterWidth + " x " + rasterHeight);
        }
        double det = pixelWidth * pixelHeight - rowRotation * columnRotation;
        double minCol = Double.POSITIVE_INFINITY;
        double maxCol = Double.NEGATIVE_INFINITY;
        double minRow = Double.POSITIVE_INFINITY;
        double maxRow = Double.NEGATIVE_INFINITY;
        for (double x : new double[] {minX, maxX}) {
            for (double y : new double[] {minY, maxY}) {
                double dx = x - originX;
                double dy = y - originY;
                double col = (pixelHeight * dx - rowRotation * dy) / det;
                double row = (pixelWidth * dy - columnRotation * dx) / det;
                minCol = Math.min(minCol, col);
                maxCol = Math.max(maxCol, col);
                minRow = Math.min(minRow, row);
                maxRow = Math.max(maxRow, row);
            }
        }
        // Tolerance: map coordinates of pixel edges printed in decimal rarely invert exactly.
        double left = Math.max(0, Math.floor(minCol + EDGE_TOLERANCE));
        double top = Math.max(0, Math.floor(minRow + EDGE_TOLERANCE));
        double right = Math.min(rasterWidth, Math.ceil(maxCol - EDGE_TOLERANCE));
        double bottom = Math.min(rasterHeight, Math.ceil(maxRow - EDGE_TOLERANCE));
        if (right <= left || bottom <= top) {
            throw new IllegalArgumentException("extent " + extent(minX, minY, maxX, maxY)
                + " does not overlap the raster of " + rasterWidth + " x " + rasterHeight
                + " pixels, which covers " + mapExtent(rasterWidth, rasterHeight)
                + " (same CRS units)");
        }
        return new Window((int) left, (int) top, (int) (right - left), (int) (bottom - top));
    }

    /** The map extent {@code [minX, minY, maxX, maxY]} of a raster this size, as text. */
    private String mapExtent(int rasterWidth, int rasterHeight) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int col : new int[] {0, rasterWidth}) {
            for (int row : new int[] {0, rasterHeight}) {
                double x = originX + col * pixelWidth + row * rowRotation;
                double y = originY + col * columnRotation + row * pixelHeight;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        return extent(minX, minY, maxX, maxY);
    }

    private static String extent(double minX, double minY, double maxX, double maxY) {
        return "[minX=" + minX + ", minY=" + minY + ", maxX=" + maxX + ", maxY=" + maxY + "]";
    }

    private static String describe(double[] gt) {
        return Arrays.toString(gt);
    }
}
