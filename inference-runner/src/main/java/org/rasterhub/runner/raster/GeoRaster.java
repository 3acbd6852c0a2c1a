package org.rasterhub.runner.raster;

/** Pixels of a raster together with where they lie on Earth. */
public record GeoRaster(FloatBands pixels, GeoTransform transform, Crs crs) {

    public GeoRaster {
        if (pixels == null || transform == null || crs == null) {
            throw new IllegalArgumentException("pixels, transform and crs are required, was "
                + pixels + ", " + transform + ", " + crs);
        }
    }
}
