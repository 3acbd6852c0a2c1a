package org.rasterhub.runner.raster;

import java.util.OptionalDouble;
import org.gdal.osr.SpatialReference;
import org.rasterhub.runner.tiling.Window;

/**
 * The ground a pixel window covers, in square kilometres, for throughput in km²/h. Projected CRSs
 * are exact up to their own scale distortion; geographic ones are approximated on a sphere at the
 * window's middle latitude (within a few per cent for windows a degree tall, enough for a rate).
 */
public final class GroundArea {
    /** Metres per degree of a great circle on the mean Earth sphere (radius 6,371,008.8 m). */
    private static final double METRES_PER_DEGREE = Math.PI * 6_371_008.8 / 180;

    private GroundArea() {
    }

    /** The area of {@code window}'s pixels; empty when the raster has no CRS or a unit GDAL does not know. */
    public static OptionalDouble squareKilometres(GeoTransform transform, Crs crs, Window window) {
        if (crs == null || crs.isEmpty()) {
            return OptionalDouble.empty();
        }
        double pixelArea = Math.abs(transform.pixelWidth() * transform.pixelHeight()
                - transform.rowRotation() * transform.columnRotation());
        double pixels = (double) window.width() * window.height();
        SpatialReference srs = new SpatialReference(crs.wkt());
        try {
            double squareMetres;
            if (srs.IsGeographic() == 1) {
                double middleRow = window.y() + window.height() / 2.0;
                double middleColumn = window.x() + window.width() / 2.0;
                double latitude = transform.originY() + middleColumn * transform.columnRotation()
                        + middleRow * transform.pixelHeight();
                double metresPerUnit = METRES_PER_DEGREE * srs.GetAngularUnits() / Math.toRadians(1);
                squareMetres = pixels * pixelArea * metresPerUnit * metresPerUnit
                        * Math.cos(latitude * srs.GetAngularUnits());
            } else {
                double metresPerUnit = srs.GetLinearUnits();
                if (!(metresPerUnit > 0)) {
                    return OptionalDouble.empty();
                }
                squareMetres = pixels * pixelArea * metresPerUnit * metresPerUnit;
            }
            return Double.isFinite(squareMetres) ? OptionalDouble.of(squareMetres / 1e6) : OptionalDouble.empty();
        } finally {
            srs.delete();
        }
    }
}
