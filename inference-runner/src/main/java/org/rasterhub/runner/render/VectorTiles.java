package org.rasterhub.runner.render;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
 * Mapbox Vector Tiles of feature layers, cut on request from the layer's GeoPackage through its R-tree
 * index, so a tile costs what its features cost, not what the layer costs. Each tile is clipped to
 * its bounds (plus a small buffer so outlines do not stop at tile edges) and simplified to its zoom:
 * vertices closer than half a screen pixel go. Features smaller than a screen pixel at the tile's zoom
 * are drawn as a two-pixel marker on the cell their centre falls in, one per cell, so a layer of a
 * million objects draws every object at every zoom (as a coloured marker where it is smaller than a
 * pixel) in tiles of at most 16,384 markers: nothing is ever cut off. Thread-safe: every call opens its own dataset.
 */
public final class VectorTiles {
    /** The name of the one layer in every tile. */
    public static final String LAYER_NAME = "features";
    /** Features drawn with their shape in one tile; beyond this the rest are drawn as markers. */
    static final int MAX_SHAPES_PER_TILE = 50_000;
    /** Tile units of geometry kept beyond each tile edge, so outlines join across tiles. */
    private static final int BUFFER_UNITS = 64;
    private static final int PIXELS_PER_TILE = 256;
    /** Cells per tile edge for features smaller than a pixel: two screen pixels each, so a marker shows. */
    static final int MARKER_CELLS = 128;

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
     * The tile as MVT bytes, one layer named {@value #LAYER_NAME} whose features carry the layer's
     * attributes; an empty layer where the tile holds no features.
     *
     * @throws IllegalArgumentException when the file is no vector data GDAL can read
     */
    public static byte[] mvtTile(Path featureFile, TileAddress tile) {
        Gdal.init();
        Dataset dataSource = openFeatures(featureFile);
        SpatialReference mercator = new SpatialReference();
        try {
            Layer layer = dataSource.GetLayer(0);
            mercator.ImportFromEPSG(3857);
            mercator.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            SpatialReference layerCrs = layer.GetSpatialRef();
            if (layerCrs == null) {
                return new MvtLayerWriter(LAYER_NAME).tile();     // nowhere on the map
            }
            layerCrs = layerCrs.Clone();
            layerCrs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            CoordinateTransformation toLayer = CoordinateTransformation.CreateCoordinateTransformation(mercator,
                    layerCrs);
            CoordinateTransformation toMercator = CoordinateTransformation.CreateCoordinateTransformation(layerCrs,
                    mercator);
            try {
                return new TileCutter(tile, layer, toLayer, toMercator).cut();
            } finally {
                toLayer.delete();
                toMercator.delete();
                layerCrs.delete();
            }
        } finally {
            mercator.delete();
            dataSource.delete();
        }
    }

    /** Cuts one tile from one layer. */
    private static final class TileCutter {
        private final TileAddress tile;
        private final Layer layer;
        private final CoordinateTransformation toLayer;
        private final CoordinateTransformation toMercator;
        private final double pixel;
        private final MvtLayerWriter out = new MvtLayerWriter(LAYER_NAME);
        private final Set<Integer> cellsDrawn = new HashSet<>();
        private int shapes;

        TileCutter(TileAddress tile, Layer layer, CoordinateTransformation toLayer,
                   CoordinateTransformation toMercator) {
            this.tile = tile;
            this.layer = layer;
            this.toLayer = toLayer;
            this.toMercator = toMercator;
            this.pixel = tile.size() / PIXELS_PER_TILE;
        }

        byte[] cut() {
            double buffer = tile.size() * BUFFER_UNITS / MvtLayerWriter.EXTENT;
            double[] box = {tile.minX() - buffer, tile.maxX() + buffer, tile.minY() - buffer, tile.maxY() + buffer};
            // Clamp to the layer's own extent first: a zoom-0 tile has no sensible bounds in a UTM zone.
            double[] layerExtent = layer.GetExtent();   // minX, maxX, minY, maxY in the layer's CRS
            double[] layerInMercator = envelope(layerExtent, toMercator);   // minX, minY, maxX, maxY
            double[] wanted = {Math.max(box[0], layerInMercator[0]), Math.min(box[1], layerInMercator[2]),
                Math.max(box[2], layerInMercator[1]), Math.min(box[3], layerInMercator[3])};
            if (layer.GetFeatureCount() == 0 || wanted[0] > wanted[1] || wanted[2] > wanted[3]) {
                return out.tile();
            }
            double[] filter = envelope(wanted, toLayer);
            // Layer units per Web Mercator metre near this tile, to tell pixel-sized features without projecting them.
            double layerUnitsPerMetre = Math.max((filter[2] - filter[0]) / Math.max(wanted[1] - wanted[0], 1e-9),
                    (filter[3] - filter[1]) / Math.max(wanted[3] - wanted[2], 1e-9));
            double pixelInLayerUnits = pixel * layerUnitsPerMetre;
            Geometry clip = box(box);
            try {
                layer.SetSpatialFilterRect(filter[0], filter[1], filter[2], filter[3]);
                layer.ResetReading();
                FeatureDefn definition = layer.GetLayerDefn();
                double[] envelope = new double[4];
                for (Feature feature = layer.GetNextFeature(); feature != null; feature = layer.GetNextFeature()) {
                    try {
                        Geometry geometry = feature.GetGeometryRef();
                        if (geometry == null || geometry.IsEmpty()) {
                            continue;
                        }
                        geometry.GetEnvelope(envelope);
                        boolean subPixel = envelope[1] - envelope[0] < pixelInLayerUnits
                                && envelope[3] - envelope[2] < pixelInLayerUnits;
                        if (subPixel || shapes >= MAX_SHAPES_PER_TILE) {
                            addMarker(feature, definition, geometry.GetDimension(), envelope);
                        } else {
                            addShape(feature, definition, geometry, clip, box);
                        }
                    } finally {
                        feature.delete();
                    }
                }
                layer.SetSpatialFilter(null);
            } finally {
                clip.delete();
            }
            return out.tile();
        }

        /**
         * A feature as a marker on the cell its centre falls in, unless that cell is drawn already: a
         * cell shows one colour, so the first feature in it speaks for the rest and only its class is kept.
         */
        private void addMarker(Feature feature, FeatureDefn definition, int dimension, double[] envelope) {
            double[] centre;
            try {
                centre = toMercator.TransformPoint((envelope[0] + envelope[1]) / 2, (envelope[2] + envelope[3]) / 2);
            } catch (RuntimeException outsideTheProjection) {
                return;
            }
            if (!Double.isFinite(centre[0]) || !Double.isFinite(centre[1])) {
                return;
            }
            double cellSize = tile.size() / MARKER_CELLS;
            int column = (int) Math.floor((centre[0] - tile.minX()) / cellSize);
            int row = (int) Math.floor((tile.maxY() - centre[1]) / cellSize);
            if (column < 0 || row < 0 || column >= MARKER_CELLS || row >= MARKER_CELLS
                    || !cellsDrawn.add(column * MARKER_CELLS + row)) {
                return;     // outside: the neighbouring tile draws it
            }
            Map<String, Object> properties = properties(feature, definition);
            properties.keySet().retainAll(Set.of("Class", "ClassValue"));
            int unit = MvtLayerWriter.EXTENT / MARKER_CELLS;
            if (dimension == 0) {
                out.add(-1, MvtLayerWriter.GeometryType.POINT,
                        new int[] {9, zigzag(column * unit + unit / 2), zigzag(row * unit + unit / 2)}, properties);
            } else {
                out.add(-1, MvtLayerWriter.GeometryType.POLYGON, TileGeometry.square(column * unit, row * unit, unit),
                        properties);
            }
        }

        /** A feature with its shape, clipped to the buffered tile and simplified to its zoom. */
        private void addShape(Feature feature, FeatureDefn definition, Geometry geometry, Geometry clip,
                              double[] box) {
            Geometry shape = geometry.Clone();
            try {
                try {
                    shape.Transform(toMercator);
                } catch (RuntimeException outsideTheProjection) {
                    return;
                }
                double[] envelope = new double[4];
                shape.GetEnvelope(envelope);
                if (envelope[0] < box[0] || envelope[1] > box[1] || envelope[2] < box[2] || envelope[3] > box[3]) {
                    Geometry clipped = shape.Intersection(clip);
                    shape.delete();
                    shape = clipped;
                    if (shape == null || shape.IsEmpty()) {
                        return;
                    }
                }
                if (geometry.GetDimension() > 0 && pointCount(shape) > 8) {
                    Geometry simplified = shape.SimplifyPreserveTopology(pixel / 2);
                    if (simplified != null) {
                        shape.delete();
                        shape = simplified;
                    }
                }
                MvtLayerWriter.GeometryType type = TileGeometry.typeOf(geometry.GetDimension());
                int[] commands = TileGeometry.commands(shape, tile, type);
                if (commands != null) {
                    out.add(feature.GetFID(), type, commands, properties(feature, definition));
                    shapes++;
                }
            } finally {
                if (shape != null) {
                    shape.delete();
                }
            }
        }
    }

    private static int pointCount(Geometry geometry) {
        int parts = geometry.GetGeometryCount();
        if (parts == 0) {
            return geometry.GetPointCount();
        }
        int count = 0;
        for (int i = 0; i < parts; i++) {
            count += pointCount(geometry.GetGeometryRef(i));
        }
        return count;
    }

    private static Geometry box(double[] box) {
        return Geometry.CreateFromWkt(String.format(java.util.Locale.ROOT,
                "POLYGON ((%.6f %.6f, %.6f %.6f, %.6f %.6f, %.6f %.6f, %.6f %.6f))", box[0], box[2], box[1], box[2],
                box[1], box[3], box[0], box[3], box[0], box[2]));
    }

    private static int zigzag(int n) {
        return (n << 1) ^ (n >> 31);
    }

    /** The layer's attributes of one feature, by field name; unset fields are left out. */
    private static Map<String, Object> properties(Feature feature, FeatureDefn definition) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < definition.GetFieldCount(); i++) {
            if (!feature.IsFieldSetAndNotNull(i)) {
                continue;
            }
            String name = definition.GetFieldDefn(i).GetName();
            int type = definition.GetFieldDefn(i).GetFieldType();
            if (type == ogr.OFTInteger || type == ogr.OFTInteger64) {
                properties.put(name, feature.GetFieldAsInteger64(i));
            } else if (type == ogr.OFTReal) {
                properties.put(name, feature.GetFieldAsDouble(i));
            } else {
                properties.put(name, feature.GetFieldAsString(i));
            }
        }
        return properties;
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
}
