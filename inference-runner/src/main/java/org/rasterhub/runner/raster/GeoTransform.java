package org.rasterhub.runner.raster;

import java.util.Arrays;

/**
 * Affine map from pixel (column, row) to map coordinates, in GDAL's order: the map x of a pixel's
 * top-left corner is {@code originX + col * pixelWidth + row * rowRotation}, its map y is {@code
 * originY + col * columnRotation + row * pixelHeight}. Units are those of the raster's CRS; {@code
 * pixelHeight} is negative for the usual north-up image.
 */
public record GeoTransform(double originX, double pixelWidth, double rowRotation,
                           double originY, double columnRotation, double pixelHeight) {

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

    private static String describe(double[] gt) {
        return Arrays.toString(gt);
    }
}
