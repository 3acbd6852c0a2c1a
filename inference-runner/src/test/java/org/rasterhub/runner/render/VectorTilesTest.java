package org.rasterhub.runner.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.ogr.DataSource;
import org.gdal.ogr.Feature;
import org.gdal.ogr.FieldDefn;
import org.gdal.ogr.Geometry;
import org.gdal.ogr.Layer;
import org.gdal.ogr.ogr;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.Projections;

/**
 * Tiles are read back with GDAL's own MVT driver, an independent decoder: what it finds is what a map
 * client finds.
 */
class VectorTilesTest {
    private static final int UTM_33N = 32633;

    @TempDir Path tmp;

    @BeforeAll
    static void gdal() {
        Gdal.init();
    }

    @Test
    void aTileHoldsTheFeaturesItIntersectsInWebMercatorWithTheirAttributes() throws Exception {
        Path gpkg = layer("objects", List.of(
                feature(box(500_000, 4_199_800, 200, 200), "Car", 1, 0.9),
                feature(box(550_000, 4_199_800, 200, 200), "Boat", 2, 0.8)));
        double[] west = Projections.transform(UTM_33N, 4326, 500_100, 4_199_900);
        double[] east = Projections.transform(UTM_33N, 4326, 550_100, 4_199_900);

        List<Decoded> westTile = decode(TileAddress.containing(west, 12), gpkg);
        List<Decoded> eastTile = decode(TileAddress.containing(east, 12), gpkg);

        assertEquals(1, westTile.size());
        Decoded car = westTile.get(0);
        assertEquals("Car", car.fields.get("Class"));
        assertEquals(1L, car.fields.get("ClassValue"));
        assertEquals(0.9, (Double) car.fields.get("Confidence"), 1e-12);
        double[] corner = Projections.transform(UTM_33N, 3857, 500_000, 4_200_000);
        double unit = TileAddress.containing(west, 12).size() / MvtLayerWriter.EXTENT;
        assertEquals(corner[0], car.envelope[0], unit, "west edge on the tile grid");
        assertEquals(corner[1], car.envelope[3], unit * 2, "north edge on the tile grid");
        assertEquals("Boat", eastTile.get(0).fields.get("Class"));
        assertEquals(0, decode(new TileAddress(12, 0, 0), gpkg).size());
        assertEquals(2, decode(TileAddress.containing(west, 6), gpkg).size(), "one zoom-6 tile covers both");
    }

    @Test
    void aPolygonLargerThanTheTileIsClippedToItAndKeepsItsHole() throws Exception {
        TileAddress tile = new TileAddress(12, 2200, 1580);
        double cx = (tile.minX() + tile.maxX()) / 2;
        double cy = (tile.minY() + tile.maxY()) / 2;
        // Ten tiles wide, with a hole of a fifth of a tile in this tile's middle; drawn in Web Mercator itself.
        String outer = ring(cx - 5 * tile.size(), cy - 5 * tile.size(), 10 * tile.size(), 10 * tile.size());
        String hole = ring(cx - tile.size() / 10, cy - tile.size() / 10, tile.size() / 5, tile.size() / 5);
        Path gpkg = layer("fields", 3857, List.<String[]>of(feature("POLYGON (" + outer + ", " + hole + ")", "Field", 1, 1.0)));

        Decoded clipped = decode(tile, gpkg).get(0);

        double buffer = tile.size() * 64 / MvtLayerWriter.EXTENT;
        double[] e = clipped.envelope;
        assertEquals(tile.minX() - buffer, e[0], 1, "clipped to the buffered tile");
        assertEquals(tile.maxX() + buffer, e[1], 1);
        assertEquals(tile.minY() - buffer, e[2], 1);
        assertEquals(tile.maxY() + buffer, e[3], 1);
        assertEquals(1, clipped.interiorRings, "the hole survives clipping and winding: " + clipped.wkt);
        assertTrue(clipped.geometry.Contains(point(cx - tile.size() / 4, cy)), "outside the hole: filled");
        assertTrue(!clipped.geometry.Contains(point(cx, cy)), "inside the hole: empty");
    }

    @Test
    void outlinesAreSimplifiedToTheZoomYetStayWithinAPixelOfTheTruth() throws Exception {
        String lake = circle(500_000, 4_200_000, 5_000, 20_000);
        Path gpkg = layer("lakes", List.<String[]>of(feature(lake, "Lake", 1, 1.0)));
        Geometry truth = Geometry.CreateFromWkt(lake).GetBoundary();
        truth.Transform(org.gdal.osr.CoordinateTransformation.CreateCoordinateTransformation(crs(UTM_33N), crs(3857)));
        double[] eastEnd = Projections.transform(UTM_33N, 4326, 505_000, 4_200_000);

        for (int zoom : new int[] {8, 14}) {
            TileAddress tile = TileAddress.containing(eastEnd, zoom);
            double pixel = tile.size() / 256;
            double buffer = tile.size() * 64 / MvtLayerWriter.EXTENT;
            Geometry drawn = decode(tile, gpkg).get(0).geometry;
            int checked = 0;
            for (double[] vertex : vertices(drawn)) {
                boolean onTheClipEdge = Math.abs(vertex[0] - (tile.minX() - buffer)) < pixel
                        || Math.abs(vertex[0] - (tile.maxX() + buffer)) < pixel
                        || Math.abs(vertex[1] - (tile.minY() - buffer)) < pixel
                        || Math.abs(vertex[1] - (tile.maxY() + buffer)) < pixel;
                if (!onTheClipEdge) {
                    double off = truth.Distance(point(vertex[0], vertex[1]));
                    assertTrue(off <= pixel, "zoom " + zoom + ": a vertex " + off + " m off the outline, pixel " + pixel);
                    checked++;
                }
            }
            assertTrue(checked >= 3, "zoom " + zoom + " checked " + checked);
            if (zoom == 8) {
                assertTrue(checked < 100, "20,000 vertices drawn about 20 pixels wide need far fewer: " + checked);
            }
        }
    }

    private static SpatialReference crs(int epsg) {
        SpatialReference crs = new SpatialReference();
        crs.ImportFromEPSG(epsg);
        crs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
        return crs;
    }

    private static List<double[]> vertices(Geometry g) {
        List<double[]> all = new ArrayList<>();
        if (g.GetGeometryCount() == 0) {
            all.addAll(List.of(g.GetPoints()));
        }
        for (int i = 0; i < g.GetGeometryCount(); i++) {
            all.addAll(vertices(g.GetGeometryRef(i)));
        }
        return all;
    }

    @Test
    void featuresSmallerThanAPixelAreDrawnAsMarkersOnTheCellsTheyFallInOnePerCell() throws Exception {
        // 20,000 one-metre boxes, two classes, in 2 km x 2 km: at zoom 10 a pixel is about 150 m.
        Random random = new Random(7);
        List<String[]> features = new ArrayList<>();
        List<double[]> centres = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double x = 499_000 + random.nextDouble() * 2_000;
            double y = 4_199_000 + random.nextDouble() * 2_000;
            features.add(feature(box(x - 0.5, y - 0.5, 1, 1), i % 2 == 0 ? "Car" : "Tree", i % 2 + 1, 0.5));
            centres.add(new double[] {x, y, i % 2});
        }
        Path gpkg = layer("many", features);
        TileAddress tile = TileAddress.containing(Projections.transform(UTM_33N, 4326, 500_000, 4_200_000), 10);
        // Independently: the cell of every centre, projected by PROJ one by one, and the classes in each.
        Map<String, Set<String>> expected = new java.util.HashMap<>();
        double pixel = tile.size() / VectorTiles.MARKER_CELLS;
        for (double[] c : centres) {
            double[] m = Projections.transform(UTM_33N, 3857, c[0], c[1]);
            int column = (int) Math.floor((m[0] - tile.minX()) / pixel);
            int row = (int) Math.floor((tile.maxY() - m[1]) / pixel);
            if (column >= 0 && row >= 0 && column < VectorTiles.MARKER_CELLS && row < VectorTiles.MARKER_CELLS) {
                expected.computeIfAbsent(column + "/" + row, k -> new HashSet<>()).add(c[2] == 0 ? "Car" : "Tree");
            }
        }

        List<Decoded> decoded = decode(tile, gpkg);

        Set<String> drawn = new HashSet<>();
        for (Decoded d : decoded) {
            int column = (int) Math.round((d.envelope[0] - tile.minX()) / pixel);
            int row = (int) Math.round((tile.maxY() - d.envelope[3]) / pixel);
            assertEquals(pixel, d.envelope[1] - d.envelope[0], pixel / 8, "one cell wide");
            assertEquals(Set.of("Class", "ClassValue"), d.fields.keySet(), "a marker stands for its cell's class only");
            String at = column + "/" + row;
            drawn.add(at);
            assertTrue(expected.getOrDefault(at, Set.of()).contains((String) d.fields.get("Class")),
                    "cell " + at + " shows a class that lies there");
        }
        assertEquals(decoded.size(), drawn.size(), "no cell drawn twice");
        assertEquals(expected.keySet(), drawn, "every cell holding an object is drawn, and no other");
        assertTrue(expected.size() < 1_000, "a few hundred markers instead of 20,000 boxes: " + expected.size());
    }

    @Test
    void somethingThatIsNoVectorDataIsRefusedByName() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.gpkg"), "not a geopackage");
        var refused = assertThrows(IllegalArgumentException.class,
                () -> VectorTiles.mvtTile(text, new TileAddress(1, 0, 0)));
        assertTrue(refused.getMessage().contains("notes.gpkg"), refused.getMessage());
    }

    /** A feature as GDAL's MVT driver reads it back from the tile, in EPSG:3857. */
    private record Decoded(Map<String, Object> fields, double[] envelope, int interiorRings, int points, String wkt,
                           Geometry geometry) {
    }

    private List<Decoded> decode(TileAddress tile, Path gpkg) throws Exception {
        byte[] bytes = VectorTiles.mvtTile(gpkg, tile);
        // GDAL georeferences a single tile from a {z}/{x}/{y}.pbf path.
        Path file = tmp.resolve("tiles").resolve(Integer.toString(tile.z())).resolve(Integer.toString(tile.x()))
                .resolve(tile.y() + ".pbf");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        Dataset tileSet = gdal.OpenEx(file.toString(), org.gdal.gdalconst.gdalconstConstants.OF_VECTOR, new java.util.Vector<>(List.of("MVT")),
                new java.util.Vector<>(List.of("CLIP=NO")));   // show what was written, not GDAL's own clip
        assertNotNull(tileSet, "GDAL's MVT driver reads the tile");
        List<Decoded> decoded = new ArrayList<>();
        try {
            if (tileSet.GetLayerCount() == 0) {
                return decoded;
            }
            Layer layer = tileSet.GetLayerByName(VectorTiles.LAYER_NAME);
            assertNotNull(layer, "one layer named " + VectorTiles.LAYER_NAME);
            for (Feature f = layer.GetNextFeature(); f != null; f = layer.GetNextFeature()) {
                Map<String, Object> fields = new java.util.HashMap<>();
                for (int i = 0; i < f.GetFieldCount(); i++) {
                    if (f.IsFieldSetAndNotNull(i)) {
                        int type = f.GetFieldType(i);
                        fields.put(f.GetFieldDefnRef(i).GetName(), type == ogr.OFTReal ? (Object) f.GetFieldAsDouble(i)
                                : type == ogr.OFTInteger || type == ogr.OFTInteger64 ? (Object) f.GetFieldAsInteger64(i)
                                : f.GetFieldAsString(i));
                    }
                }
                Geometry g = f.GetGeometryRef().Clone();
                double[] envelope = new double[4];
                g.GetEnvelope(envelope);
                Geometry first = ogr.GT_Flatten(g.GetGeometryType()) == ogr.wkbMultiPolygon ? g.GetGeometryRef(0) : g;
                int holes = ogr.GT_Flatten(first.GetGeometryType()) == ogr.wkbPolygon ? first.GetGeometryCount() - 1 : 0;
                decoded.add(new Decoded(fields, envelope, holes, pointCount(g), g.ExportToWkt(), g));
                f.delete();
            }
        } finally {
            tileSet.delete();
        }
        return decoded;
    }

    private static int pointCount(Geometry g) {
        if (g.GetGeometryCount() == 0) {
            return g.GetPointCount();
        }
        int count = 0;
        for (int i = 0; i < g.GetGeometryCount(); i++) {
            count += pointCount(g.GetGeometryRef(i));
        }
        return count;
    }

    /** A GeoPackage (UTM 33N unless told) with Class, ClassValue and Confidence, as a run writes one. */
    private Path layer(String name, List<String[]> features) {
        return layer(name, UTM_33N, features);
    }

    private Path layer(String name, int epsg, List<String[]> features) {
        Path gpkg = tmp.resolve(name + ".gpkg");
        DataSource out = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg.toString());
        Layer layer = out.CreateLayer(name, crs(epsg), ogr.wkbUnknown);
        layer.CreateField(new FieldDefn("Class", ogr.OFTString));
        layer.CreateField(new FieldDefn("ClassValue", ogr.OFTInteger));
        layer.CreateField(new FieldDefn("Confidence", ogr.OFTReal));
        layer.StartTransaction();
        for (String[] f : features) {
            Feature feature = new Feature(layer.GetLayerDefn());
            feature.SetGeometry(Geometry.CreateFromWkt(f[0]));
            feature.SetField("Class", f[1]);
            feature.SetField("ClassValue", Integer.parseInt(f[2]));
            feature.SetField("Confidence", Double.parseDouble(f[3]));
            layer.CreateFeature(feature);
            feature.delete();
        }
        layer.CommitTransaction();
        out.delete();
        return gpkg;
    }

    private static String[] feature(String wkt, String name, int value, double confidence) {
        return new String[] {wkt, name, Integer.toString(value), Double.toString(confidence)};
    }

    private static String box(double x, double y, double width, double height) {
        return "POLYGON (" + ring(x, y, width, height) + ")";
    }

    private static String ring(double x, double y, double width, double height) {
        return String.format(Locale.ROOT, "(%f %f, %f %f, %f %f, %f %f, %f %f)", x, y, x + width, y, x + width,
                y + height, x, y + height, x, y);
    }

    private static String circle(double x, double y, double radius, int vertices) {
        StringBuilder wkt = new StringBuilder("POLYGON ((");
        for (int i = 0; i <= vertices; i++) {
            double angle = 2 * Math.PI * (i % vertices) / vertices;
            wkt.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%f %f", x + radius * Math.cos(angle),
                    y + radius * Math.sin(angle)));
        }
        return wkt.append("))").toString();
    }

    private static Geometry point(double x, double y) {
        return Geometry.CreateFromWkt(String.format(Locale.ROOT, "POINT (%f %f)", x, y));
    }
}
