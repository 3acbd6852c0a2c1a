package org.rasterhub.runner.vector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gdal.gdal.gdal;
import org.gdal.gdal.Dataset;
import org.gdal.ogr.Feature;
import org.gdal.ogr.FieldDefn;
import org.gdal.ogr.Geometry;
import org.gdal.ogr.Layer;
import org.gdal.ogr.ogr;
import org.gdal.osr.CoordinateTransformation;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osr;
import org.rasterhub.runner.raster.Crs;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.GdalGate;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.raster.RefusedFileException;

/**
 * Reads the first layer of a vector file GDAL can open (GeoJSON, GeoPackage, Shapefile, ...) into
 * memory, with every geometry reprojected into a target CRS, typically the raster the features
 * describe. A layer without a CRS is taken to be in the target CRS already (GeoJSON without a {@code
 * crs} member is WGS84 by definition, and GDAL says so).
 *
 * <p>Refuses, naming the file: no vector data, no layer, no features, a feature without geometry,
 * more than {@value #MAX_FEATURES} features. Thread-safe: each call opens its own dataset.
 */
public final class FeatureLayerReader {
    /** Most features read from one file; each is held in memory with its WKT and attributes. */
    public static final int MAX_FEATURES = 100_000;

    private FeatureLayerReader() {
    }

    /**
     * Reads the first layer of {@code file}, reprojecting geometries into {@code targetCrs} when the
     * layer's CRS differs (an empty {@code targetCrs} keeps the layer's coordinates).
     *
     * @throws FeatureIoException when the file is missing or no vector file, has no layer, no
     *     features, a feature without geometry or too many features, or a geometry cannot be
     *     reprojected
     */
    public static FeatureLayer read(Path file, Crs targetCrs) throws FeatureIoException {
        return read(file, targetCrs, MAX_FEATURES);
    }

    // The limit is a parameter so that tests need not write 100,000 features to reach it.
    static FeatureLayer read(Path file, Crs targetCrs, int maxFeatures) throws FeatureIoException {
        if (file == null || targetCrs == null) {
            throw new IllegalArgumentException("file and targetCrs are required");
        }
        Gdal.init();
        gdal.PushErrorHandler("CPLQuietErrorHandler");
        try {
            gdal.ErrorReset();
            if (!Files.isRegularFile(file)) {
                throw new FeatureIoException(file, "no such file");
            }
            Dataset dataSource;
            try {
                dataSource = GdalGate.openFeatures(file);
            } catch (RefusedFileException e) {
                throw new FeatureIoException(file, GdalGate.IMAGERY_DRIVERS.contains(e.driver())
                    ? whyNotVector(file) : e.reason());
            } catch (RasterIoException e) {
                throw new FeatureIoException(file, whyNotVector(file));
            }
            try {
                if (dataSource.GetLayerCount() < 1) {
                    throw new FeatureIoException(file, "has no feature layer");
                }
                return readLayer(file, dataSource.GetLayer(0), targetCrs, maxFeatures);
            } catch (RuntimeException e) {
                throw new FeatureIoException(file, "reading features failed: " + e.getMessage()
                    + " (" + FeatureLayerWriter.lastError() + ")");
            } finally {
                dataSource.delete();
            }
        } finally {
            gdal.PopErrorHandler();
        }
    }

    // GDAL answers all of these with null and often no message; say which one it is.
    private static String whyNotVector(Path file) {
        String reason = FeatureLayerWriter.lastError();
        byte[] head = new byte[16];
        int read;
        try (var in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (java.io.IOException e) {
            return "cannot be read: " + e.getMessage();
        }
        if (read == 0) {
            return "is empty (0 bytes); expected a GeoJSON or GeoPackage with one feature layer";
        }
        if (new String(head, 0, read, java.nio.charset.StandardCharsets.ISO_8859_1)
                .startsWith("SQLite format 3")) {
            return "is a GeoPackage or SQLite database without a feature layer GDAL can read ("
                + reason + ")";
        }
        String driver = GdalGate.driverOf(file);
        if (driver != null && GdalGate.IMAGERY_DRIVERS.contains(driver)) {
            return "is a raster, not a feature file; expected a GeoJSON or GeoPackage";
        }
        return "not a vector file GDAL can read (GeoJSON, GeoPackage, ...): " + reason;
    }

    private static FeatureLayer readLayer(Path file, Layer layer, Crs targetCrs, int maxFeatures)
            throws FeatureIoException {
        String name = layer.GetName();
        long count = layer.GetFeatureCount();
        if (count == 0) {
            throw new FeatureIoException(file, "layer " + name + " has no features");
        }
        if (count > maxFeatures) {
            throw new FeatureIoException(file, "layer " + name + " has " + count
                + " features; at most " + maxFeatures + " are accepted");
        }
        List<Field> fields = fields(layer);
        CoordinateTransformation transform = transformation(file, layer.GetSpatialRef(), targetCrs);
        try {
            List<VectorFeature> features = new ArrayList<>();
            layer.ResetReading();
            for (Feature f = layer.GetNextFeature(); f != null; f = layer.GetNextFeature()) {
                try {
                    if (features.size() == maxFeatures) {   // a count the driver only estimated
                        throw new FeatureIoException(file, "layer " + name + " has more than "
                            + maxFeatures + " features");
                    }
                    features.add(feature(file, f, fields, transform));
                } finally {
                    f.delete();
                }
            }
            if (features.isEmpty()) {
                throw new FeatureIoException(file, "layer " + name + " has no features");
            }
            return new FeatureLayer(name, fields, features);
        } finally {
            if (transform != null) {
                transform.delete();
            }
        }
    }

    private static VectorFeature feature(Path file, Feature f, List<Field> fields,
                                         CoordinateTransformation transform)
            throws FeatureIoException {
        Geometry source = f.GetGeometryRef();   // owned by the feature
        if (source == null || source.IsEmpty()) {
            throw new FeatureIoException(file, "feature " + f.GetFID() + " has no geometry");
        }
        Geometry geometry = source.Clone();
        try {
            if (transform != null && geometry.Transform(transform) != 0) {
                throw new FeatureIoException(file, "feature " + f.GetFID()
                    + " cannot be reprojected into the raster's CRS: " + FeatureLayerWriter.lastError());
            }
            double[] e = new double[4];   // minX, maxX, minY, maxY
            geometry.GetEnvelope(e);
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                attributes.put(fields.get(i).name(), value(f, i, fields.get(i).type()));
            }
            return new VectorFeature(f.GetFID(), geometry.ExportToWkt(),
                new Envelope(e[0], e[2], e[1], e[3]), attributes);
        } finally {
            geometry.delete();
        }
    }

    private static Object value(Feature f, int i, FieldType type) {
        if (!f.IsFieldSetAndNotNull(i)) {
            return null;
        }
        return switch (type) {
            case INTEGER -> f.GetFieldAsInteger64(i);
            case REAL -> f.GetFieldAsDouble(i);
            case STRING -> f.GetFieldAsString(i);
        };
    }

    private static List<Field> fields(Layer layer) {
        var definition = layer.GetLayerDefn();
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < definition.GetFieldCount(); i++) {
            FieldDefn field = definition.GetFieldDefn(i);
            int t = field.GetFieldType();
            FieldType type = t == ogr.OFTInteger || t == ogr.OFTInteger64 ? FieldType.INTEGER
                : t == ogr.OFTReal ? FieldType.REAL : FieldType.STRING;
            fields.add(new Field(field.GetName(), type));
        }
        return fields;
    }

    // Null when no reprojection is needed: either side has no CRS, or both are the same.
    private static CoordinateTransformation transformation(Path file, SpatialReference layerSrs,
                                                           Crs targetCrs) throws FeatureIoException {
        if (layerSrs == null || targetCrs.isEmpty()) {
            return null;
        }
        SpatialReference target = new SpatialReference();
        SpatialReference source = layerSrs.Clone();
        try {
            try {
                target.ImportFromWkt(targetCrs.wkt());
            } catch (RuntimeException e) {
                throw new FeatureIoException(file, "the raster's CRS cannot be read by GDAL: "
                    + FeatureLayerWriter.cut(targetCrs.wkt()));
            }
            if (source.IsSame(target) == 1) {
                return null;
            }
            // x,y order on both sides: EPSG:4326 is lat,lon otherwise.
            source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            CoordinateTransformation transform = CoordinateTransformation.CreateCoordinateTransformation(
                source, target);
            if (transform == null) {
                throw new FeatureIoException(file, "no transformation from the layer's CRS to the"
                    + " raster's: " + FeatureLayerWriter.lastError());
            }
            return transform;
        } finally {
            target.delete();
            source.delete();
        }
    }
}
