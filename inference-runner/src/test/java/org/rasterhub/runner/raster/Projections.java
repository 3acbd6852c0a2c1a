package org.rasterhub.runner.raster;

import java.util.OptionalInt;
import org.gdal.osr.CoordinateTransformation;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osr;

/** Coordinates and CRSs for tests, through GDAL: x (easting, longitude) first on both sides. */
public final class Projections {
    private Projections() {
    }

    /** A point from one EPSG CRS to another, e.g. UTM 33N metres to lon/lat (4326) or Web Mercator (3857). */
    public static double[] transform(int fromEpsg, int toEpsg, double x, double y) {
        Gdal.init();
        SpatialReference from = new SpatialReference();
        SpatialReference to = new SpatialReference();
        from.ImportFromEPSG(fromEpsg);
        to.ImportFromEPSG(toEpsg);
        from.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
        to.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
        CoordinateTransformation t = CoordinateTransformation.CreateCoordinateTransformation(from, to);
        try {
            double[] p = t.TransformPoint(x, y);
            return new double[] {p[0], p[1]};
        } finally {
            t.delete();
            from.delete();
            to.delete();
        }
    }

    /** The CRS of an EPSG code as rasters and feature layers carry it. */
    public static Crs crs(int epsg) {
        Gdal.init();
        SpatialReference srs = new SpatialReference();
        srs.ImportFromEPSG(epsg);
        try {
            return new Crs(srs.ExportToWkt(), OptionalInt.of(epsg));
        } finally {
            srs.delete();
        }
    }
}
