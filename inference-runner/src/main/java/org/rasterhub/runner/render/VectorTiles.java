package org.rasterhub.runner.render;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.gdal.gdal.gdal;
import org.gdal.gdal.Dataset;
import org.gdal.ogr.Feature;
import org.gdal.ogr.FeatureDefn;
import org.gdal.ogr.Geometry;
import org.gdal.ogr.Layer;
import org.gdal.ogr.ogr;
import org.gdal.osr.CoordinateTransformation;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osr;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.GdalGate;
import org.rasterhub.runner.raster.RasterIoException;

/**
 * Vector tiles for feature layers too large for one GeoJSON response: the features of a GeoPackage
 * that intersect one Web Mercator tile, as an RFC 7946 GeoJSON FeatureCollection (lon/lat), which
 * OpenLayers' VectorTile source reads like any tile. The GeoPackage's R-tree index makes the spatial
 * filter cheap, so a tile costs what its features cost, not what the layer costs. Thread-safe: every
 * call opens its own dataset.
 */
public final class VectorTiles {
    /** Most features in one tile; the answer says {@code "truncated": true} when there were more. */
    public static final int MAX_FEATURES_PER_TILE = 20_000;
    private static final JsonFactory JSON = new JsonFactory();

    private VectorTiles() {
    }

    private static Dataset openFeatures(Path featureFile) {
        try {
            return GdalGate.openFeatures(featureFile);
        } catch (RasterIoException e) {
            throw new IllegalArgumentException(featureFile.getFileName() + " is no vector data: " + e.reason());
        }
    }

    /**
     * @throws IllegalArgumentException when the file is no vector data GDAL can read
     */
    public static byte[] geoJsonTile(Path featureFile, TileAddress tile) {
        Gdal.init();
        Dataset dataSource = openFeatures(featureFile);
        SpatialReference mercator = new SpatialReference();
        SpatialReference lonLat = new SpatialReference();
        try {
            Layer layer = dataSource.GetLayer(0);
            mercator.ImportFromEPSG(3857);
            lonLat.ImportFromEPSG(4326);
            mercator.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            lonLat.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            SpatialReference layerCrs = layer.GetSpatialRef();
            CoordinateTransformation toLayer = null;
            CoordinateTransformation toLonLat = null;
            if (layerCrs != null) {
                layerCrs = layerCrs.Clone();
                layerCrs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
                toLayer = CoordinateTransformation.CreateCoordinateTransformation(mercator, layerCrs);
                toLonLat = CoordinateTransformation.CreateCoordinateTransformation(layerCrs, lonLat);
            }
            try {
                double[] filter = envelopeInLayerCrs(tile, toLayer);
                layer.SetSpatialFilterRect(filter[0], filter[1], filter[2], filter[3]);
                return write(layer, toLonLat);
            } finally {
                if (toLayer != null) {
                    toLayer.delete();
                    toLonLat.delete();
                    layerCrs.delete();
                }
            }
        } finally {
            mercator.delete();
            lonLat.delete();
            dataSource.delete();
        }
    }

    /**
     * The bounding box of all features in lon/lat and Web Mercator, for "zoom to layer" when the map
     * only ever loads some of them; empty for a layer without features or CRS.
     */
    public static java.util.Optional<Extent> extent(Path featureFile) {
        Gdal.init();
        Dataset dataSource = openFeatures(featureFile);
        SpatialReference lonLat = new SpatialReference();
        SpatialReference mercator = new SpatialReference();
        try {
            Layer layer = dataSource.GetLayer(0);
            SpatialReference layerCrs = layer.GetSpatialRef();
            if (layerCrs == null || layer.GetFeatureCount() == 0) {
                return java.util.Optional.empty();
            }
            double[] box = layer.GetExtent(); // minX, maxX, minY, maxY in the layer's CRS
            lonLat.ImportFromEPSG(4326);
            mercator.ImportFromEPSG(3857);
            lonLat.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            mercator.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            SpatialReference source = layerCrs.Clone();
            source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            CoordinateTransformation toLonLat = CoordinateTransformation.CreateCoordinateTransformation(source, lonLat);
            CoordinateTransformation toMercator = CoordinateTransformation.CreateCoordinateTransformation(source,
                    mercator);
            try {
                double[] ll = envelope(box, toLonLat);
                double[] m = envelope(box, toMercator);
                return java.util.Optional.of(new Extent(ll[0], ll[1], ll[2], ll[3], m[0], m[1], m[2], m[3]));
            } finally {
                toLonLat.delete();
                toMercator.delete();
                source.delete();
            }
        } finally {
            lonLat.delete();
            mercator.delete();
            dataSource.delete();
        }
    }

    /** The envelope of points along the edges of an OGR extent {minX, maxX, minY, maxY}, transformed. */
    private static double[] envelope(double[] box, CoordinateTransformation transform) {
        double[] envelope = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        int steps = 8;
        for (int i = 0; i <= steps; i++) {
            double fx = box[0] + (box[1] - box[0]) * i / steps;
            double fy = box[2] + (box[3] - box[2]) * i / steps;
            double[][] edge = {{fx, box[2]}, {fx, box[3]}, {box[0], fy}, {box[1], fy}};
            for (double[] point : edge) {
                double[] p = transform.TransformPoint(point[0], point[1]);
                envelope[0] = Math.min(envelope[0], p[0]);
                envelope[1] = Math.min(envelope[1], p[1]);
                envelope[2] = Math.max(envelope[2], p[0]);
                envelope[3] = Math.max(envelope[3], p[1]);
            }
        }
        return envelope;
    }

    /** The tile's bounds in the layer's CRS (curved edges included), or as they are without a CRS. */
    static double[] envelopeInLayerCrs(TileAddress tile, CoordinateTransformation toLayer) {
        double[] box = {tile.minX(), tile.maxX(), tile.minY(), tile.maxY()};
        return toLayer == null ? new double[] {box[0], box[2], box[1], box[3]} : envelope(box, toLayer);
    }

    private static byte[] write(Layer layer, CoordinateTransformation toLonLat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("type", "FeatureCollection");
            json.writeArrayFieldStart("features");
            FeatureDefn definition = layer.GetLayerDefn();
            int written = 0;
            boolean truncated = false;
            layer.ResetReading();
            for (Feature feature = layer.GetNextFeature(); feature != null; feature = layer.GetNextFeature()) {
                try {
                    if (written == MAX_FEATURES_PER_TILE) {
                        truncated = true;
                        break;
                    }
                    Geometry geometry = feature.GetGeometryRef();
                    if (geometry == null) {
                        continue;
                    }
                    Geometry lonLat = geometry.Clone();
                    try {
                        if (toLonLat != null) {
                            lonLat.Transform(toLonLat);
                        }
                        json.writeStartObject();
                        json.writeStringField("type", "Feature");
                        json.writeNumberField("id", feature.GetFID());
                        json.writeFieldName("geometry");
                        json.writeRawValue(lonLat.ExportToJson(new java.util.Vector<>(java.util.List.of("COORDINATE_PRECISION=7"))));
                        json.writeObjectFieldStart("properties");
                        for (int i = 0; i < definition.GetFieldCount(); i++) {
                            writeField(json, feature, definition, i);
                        }
                        json.writeEndObject();
                        json.writeEndObject();
                        written++;
                    } finally {
                        lonLat.delete();
                    }
                } finally {
                    feature.delete();
                }
            }
            json.writeEndArray();
            if (truncated) {
                json.writeBooleanField("truncated", true);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeField(JsonGenerator json, Feature feature, FeatureDefn definition, int i)
            throws IOException {
        String name = definition.GetFieldDefn(i).GetName();
        if (!feature.IsFieldSetAndNotNull(i)) {
            json.writeNullField(name);
            return;
        }
        int type = definition.GetFieldDefn(i).GetFieldType();
        if (type == ogr.OFTInteger || type == ogr.OFTInteger64) {
            json.writeNumberField(name, feature.GetFieldAsInteger64(i));
        } else if (type == ogr.OFTReal) {
            json.writeNumberField(name, feature.GetFieldAsDouble(i));
        } else {
            json.writeStringField(name, feature.GetFieldAsString(i));
        }
    }
}
