package org.rasterhub.runner.raster;

import java.util.OptionalInt;

/**
 * A raster's coordinate reference system as GDAL reported it: the WKT, and the EPSG code when the
 * WKT names one as its authority.
 */
public record Crs(String wkt, OptionalInt epsg) {

    public Crs {
        if (wkt == null) {
            throw new IllegalArgumentException("wkt must not be null; use an empty string for none");
        }
        if (epsg == null) {
            throw new IllegalArgumentException("epsg must not be null; use OptionalInt.empty()");
        }
    }

    /** Whether the raster had no CRS at all. */
    public boolean isEmpty() {
        return wkt.isEmpty();
    }
}
