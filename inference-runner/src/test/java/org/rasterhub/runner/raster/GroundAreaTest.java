package org.rasterhub.runner.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.gdal.ogr.Geometry;
import org.gdal.ogr.ogr;
import org.gdal.osr.CoordinateTransformation;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osrConstants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rasterhub.runner.tiling.Window;

class GroundAreaTest {

    @BeforeAll
    static void gdal() {
        Gdal.init();
    }

    @Test
    void aUtmWindowCoversItsPixelsTimesTheirSquareMetres() {
        GeoTransform oneMetre = GeoTransform.northUp(500_000, 4_200_000, 1, 1);
        assertEquals(2.25, area(oneMetre, 32633, new Window(0, 0, 1500, 1500)), 1e-12);
        assertEquals(0.01, area(GeoTransform.northUp(500_000, 4_200_000, 10, 10), 32633, new Window(5, 5, 10, 10)),
                1e-12);
    }

    @Test
    void aCrsInUsSurveyFeetIsConvertedToMetres() {
        // NAD83 / California zone 3 (ftUS): one US survey foot is 1200/3937 m.
        double foot = 1200.0 / 3937;
        assertEquals(1e6 * foot * foot / 1e6, area(GeoTransform.northUp(6_000_000, 2_000_000, 1, 1), 2227,
                new Window(0, 0, 1000, 1000)), 1e-9);
    }

    @Test
    void aGeographicWindowAgreesWithTheSameSquareProjectedToAnEqualAreaCrs() {
        // 0.1° × 0.1° at 60° N, its area measured independently on the ellipsoid in the Lambert azimuthal
        // equal-area projection centred on it; the sphere the runner uses is within a per cent of that.
        GeoTransform degrees = GeoTransform.northUp(10.0, 60.05, 0.001, 0.001);
        double sphere = area(degrees, 4326, new Window(0, 0, 100, 100));
        double ellipsoid = equalAreaSquareKilometres(10.0, 59.95, 10.1, 60.05);
        assertTrue(Math.abs(sphere / ellipsoid - 1) < 0.01, sphere + " vs " + ellipsoid);
        assertTrue(ellipsoid > 60 && ellipsoid < 63, "about (11.1 km)² × cos 60°: " + ellipsoid);
    }

    @Test
    void aRasterWithoutACrsHasNoKnownArea() {
        assertEquals(OptionalDouble.empty(), GroundArea.squareKilometres(GeoTransform.northUp(0, 0, 1, 1),
                new Crs("", java.util.OptionalInt.empty()), new Window(0, 0, 10, 10)));
    }

    private static double area(GeoTransform transform, int epsg, Window window) {
        SpatialReference srs = new SpatialReference();
        srs.ImportFromEPSG(epsg);
        Crs crs = new Crs(srs.ExportToWkt(), java.util.OptionalInt.of(epsg));
        srs.delete();
        return GroundArea.squareKilometres(transform, crs, window).orElseThrow();
    }

    private static double equalAreaSquareKilometres(double west, double south, double east, double north) {
        SpatialReference wgs84 = new SpatialReference();
        wgs84.ImportFromEPSG(4326);
        wgs84.SetAxisMappingStrategy(osrConstants.OAMS_TRADITIONAL_GIS_ORDER);
        SpatialReference laea = new SpatialReference();
        laea.ImportFromProj4("+proj=laea +lat_0=" + (south + north) / 2 + " +lon_0=" + (west + east) / 2
                + " +ellps=WGS84 +units=m");
        Geometry square = ogr.CreateGeometryFromWkt(String.format(java.util.Locale.ROOT,
                "POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))", west, south, east, south, east, north, west, north, west,
                south));
        square.Segmentize(0.001);
        CoordinateTransformation toLaea = CoordinateTransformation.CreateCoordinateTransformation(wgs84, laea);
        square.Transform(toLaea);
        return square.GetArea() / 1e6;
    }
}
