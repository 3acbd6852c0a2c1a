package org.rasterhub.runner.vector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Vector;

import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.gdal.ogr.DataSource;
import org.gdal.ogr.Feature;
import org.gdal.ogr.FieldDefn;
import org.gdal.ogr.Geometry;
import org.gdal.ogr.Layer;
import org.gdal.ogr.ogr;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osr;
import org.rasterhub.runner.raster.Crs;
import org.rasterhub.runner.raster.Gdal;

/**
 * Writes one layer of features to a GeoPackage and a GeoJSON file, replacing files already there.
 *
 * <p>The GeoPackage keeps the given CRS (the input raster's), so its coordinates equal the raster's
 * map coordinates exactly. The GeoJSON is written as RFC 7946 asks (GDAL's {@code RFC7946=YES}):
 * reprojected to WGS84 longitude/latitude with 7 decimals (about 1 cm), counter-clockwise outer rings
 * and no {@code crs} member, so web maps read it without guessing. A layer without a CRS is written
 * to GeoJSON unprojected and without RFC 7946, since there is nothing to reproject from.
 *
 * <p>All or nothing: on any failure both files are deleted. Thread-safe: each call has its own GDAL
 * datasets, and GDAL keeps its last error per thread.
 */
public final class FeatureLayerWriter {
    private static final String NOTHING_WRITTEN = "; nothing was written";

    private FeatureLayerWriter() {
    }

    /**
     * Writes {@code features} (their WKT in {@code crs}) with the attribute columns {@code fields}.
     * Attribute values missing from a feature are written as null.
     *
     * @throws FeatureIoException when GDAL cannot create or write either file, a geometry's WKT is
     *     invalid, or an attribute value does not match its field's type; neither file is left
     */
    public static void write(Path geoPackage, Path geoJson, String layerName, Crs crs,
                             List<Field> fields, List<VectorFeature> features)
            throws FeatureIoException {
        if (geoPackage == null || geoJson == null || layerName == null || crs == null
                || fields == null || features == null) {
            throw new IllegalArgumentException("every argument is required");
        }
        if (geoPackage.toAbsolutePath().normalize().equals(geoJson.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the GeoPackage and GeoJSON outputs must differ, both were "
                + geoPackage);
        }
        Gdal.init();
        gdal.PushErrorHandler("CPLQuietErrorHandler");
        boolean written = false;
        try {
            deleteOutputs(geoPackage, geoJson);
            writeOne(geoPackage, "GPKG", new Vector<>(), layerName, crs, fields, features, true);
            Vector<String> geoJsonOptions = new Vector<>();
            if (!crs.isEmpty()) {
                geoJsonOptions.add("RFC7946=YES");
            }
            writeOne(geoJson, "GeoJSON", geoJsonOptions, layerName, crs, fields, features, false);
            written = true;
        } finally {
            gdal.PopErrorHandler();
            if (!written) {
                deleteOutputs(geoPackage, geoJson);
            }
        }
    }

    private static void writeOne(Path file, String driverName, Vector<String> layerOptions,
                                 String layerName, Crs crs, List<Field> fields,
                                 List<VectorFeature> features, boolean transaction)
            throws FeatureIoException {
        gdal.ErrorReset();
        org.gdal.ogr.Driver driver = ogr.GetDriverByName(driverName);
        if (driver == null) {
            throw new FeatureIoException(file, "this GDAL has no " + driverName + " driver"
                + NOTHING_WRITTEN);
        }
        DataSource dataSource = driver.CreateDataSource(file.toString());
        if (dataSource == null) {
            throw new FeatureIoException(file, "GDAL could not create a " + driverName + ": "
                + lastError() + NOTHING_WRITTEN);
        }
        SpatialReference srs = crs.isEmpty() ? null : spatialReference(file, crs);
        try {
            Layer layer = dataSource.CreateLayer(layerName, srs, ogr.wkbUnknown, layerOptions);
            if (layer == null) {
                throw new FeatureIoException(file, "GDAL could not create layer " + layerName + ": "
                    + lastError() + NOTHING_WRITTEN);
            }
            for (Field field : fields) {
                FieldDefn definition = new FieldDefn(field.name(), ogrType(field.type()));
                try {
                    check(file, layer.CreateField(definition), "creating field " + field.name());
                } finally {
                    definition.delete();
                }
            }
            // One transaction: a GeoPackage commits every feature on its own otherwise (45k
            // polygons: 4.1 s instead of 0.9 s, STACK.md).
            if (transaction) {
                check(file, layer.StartTransaction(), "starting a transaction");
            }
            for (VectorFeature feature : features) {
                writeFeature(file, layer, fields, feature);
            }
            if (transaction) {
                check(file, layer.CommitTransaction(), "committing " + features.size() + " feature(s)");
            }
            dataSource.FlushCache();
            if (gdal.GetLastErrorType() >= gdalconst.CE_Failure) {
                throw new FeatureIoException(file, "flushing to disk failed: " + lastError()
                    + NOTHING_WRITTEN);
            }
        } catch (RuntimeException e) {
            // GDAL 3.6 Java bindings throw RuntimeException("OGR Error: ...") for non-zero OGRErr.
            throw new FeatureIoException(file, "writing failed: " + e.getMessage() + " ("
                + lastError() + ")" + NOTHING_WRITTEN);
        } finally {
            dataSource.delete();   // closes the file; GeoJSON is only complete after this
            if (srs != null) {
                srs.delete();
            }
        }
    }

    private static void writeFeature(Path file, Layer layer, List<Field> fields, VectorFeature source)
            throws FeatureIoException {
        Geometry geometry = ogr.CreateGeometryFromWkt(source.wkt());
        if (geometry == null) {
            throw new FeatureIoException(file, "feature " + source.fid() + " has invalid WKT \""
                + cut(source.wkt()) + "\"" + NOTHING_WRITTEN);
        }
        Feature feature = new Feature(layer.GetLayerDefn());
        try {
            check(file, feature.SetGeometry(geometry), "setting the geometry of feature " + source.fid());
            Map<String, Object> values = source.attributes();
            for (int i = 0; i < fields.size(); i++) {
                Field field = fields.get(i);
                Object value = values.get(field.name());
                if (value == null) {
                    feature.SetFieldNull(i);
                } else if (field.type() == FieldType.INTEGER && value instanceof Number n
                        && !(value instanceof Double || value instanceof Float)) {
                    feature.SetFieldInteger64(i, n.longValue());
                } else if (field.type() == FieldType.REAL && value instanceof Number n) {
                    feature.SetField(i, n.doubleValue());
                } else if (field.type() == FieldType.STRING && value instanceof String s) {
                    feature.SetField(i, s);
                } else {
                    throw new FeatureIoException(file, "feature " + source.fid() + " field "
                        + field.name() + " expects " + field.type() + ", found "
                        + value.getClass().getSimpleName() + " \"" + cut(value.toString()) + "\""
                        + NOTHING_WRITTEN);
                }
            }
            check(file, layer.CreateFeature(feature), "writing feature " + source.fid());
        } finally {
            feature.delete();
            geometry.delete();
        }
    }

    private static SpatialReference spatialReference(Path file, Crs crs) throws FeatureIoException {
        SpatialReference srs = new SpatialReference();
        try {
            check(file, srs.ImportFromWkt(crs.wkt()), "reading the CRS");
        } catch (RuntimeException | FeatureIoException e) {
            srs.delete();
            throw new FeatureIoException(file, "the raster's CRS is not one GDAL can write ("
                + cut(crs.wkt()) + ")" + NOTHING_WRITTEN);
        }
        // Coordinates are x,y (easting/longitude first) whatever the EPSG axis order.
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
        return srs;
    }

    private static int ogrType(FieldType type) {
        return switch (type) {
            case STRING -> ogr.OFTString;
            case INTEGER -> ogr.OFTInteger64;
            case REAL -> ogr.OFTReal;
        };
    }

    private static void check(Path file, int ogrErr, String step) throws FeatureIoException {
        if (ogrErr != 0) {
            throw new FeatureIoException(file, step + " failed: " + lastError() + NOTHING_WRITTEN);
        }
    }

    static String lastError() {
        String message = gdal.GetLastErrorMsg();
        return message == null || message.isBlank() ? "GDAL gave no reason" : message.strip();
    }

    static String cut(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    // A GeoPackage is SQLite: a crash can leave its journal files beside it.
    private static void deleteOutputs(Path geoPackage, Path geoJson) {
        for (Path file : List.of(geoPackage, geoJson,
                geoPackage.resolveSibling(geoPackage.getFileName() + "-journal"),
                geoPackage.resolveSibling(geoPackage.getFileName() + "-wal"),
                geoPackage.resolveSibling(geoPackage.getFileName() + "-shm"))) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Creating the file next fails with GDAL's reason, which says more than this would.
            }
        }
    }
}
