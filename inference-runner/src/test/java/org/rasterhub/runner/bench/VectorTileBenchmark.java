package org.rasterhub.runner.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.gdal.gdal.Dataset;
import org.gdal.ogr.DataSource;
import org.gdal.ogr.Feature;
import org.gdal.ogr.FieldDefn;
import org.gdal.ogr.Geometry;
import org.gdal.ogr.Layer;
import org.gdal.ogr.ogr;
import org.gdal.osr.CoordinateTransformation;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osr;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.GdalGate;
import org.rasterhub.runner.render.TileAddress;
import org.rasterhub.runner.render.VectorTiles;

/**
 * Vector tiles of a large feature layer (issue #13.6): one tile at the layer's centre at every zoom
 * from 0 to 18, its cutting time and size, against a baseline measured in the same run: reading every
 * feature of the layer once (what any whole-layer answer costs before a byte is sent) and the size of
 * the layer as the GeoJSON a map would otherwise load.
 *
 * <p>Usage: {@code VectorTileBenchmark [features] [work folder]}; defaults 1,000,000 and
 * target/bench-vector-tiles. The GeoPackage (10 m boxes in three classes over 20 km x 20 km, UTM 33N)
 * is kept and reused.
 */
public final class VectorTileBenchmark {
    private static final String[] CLASSES = {"Car", "Tree", "House"};

    private VectorTileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path folder = Path.of(args.length > 1 ? args[1] : "target/bench-vector-tiles");
        Files.createDirectories(folder);
        Gdal.init();
        Path gpkg = folder.resolve("boxes-" + count + ".gpkg");
        if (!Files.exists(gpkg)) {
            long start = System.nanoTime();
            write(gpkg, count);
            System.out.printf("wrote %s (%,d features, %.1f MB) in %.1f s%n", gpkg, count, Files.size(gpkg) / 1e6,
                    seconds(start));
        }
        System.out.printf("%d cores, java %s, GDAL %s, commit %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), Gdal.version(), System.getProperty("bench.commit", "?"));

        long scanStart = System.nanoTime();
        long geoJsonBytes = scanAndMeasureGeoJson(gpkg);
        double scan = seconds(scanStart);
        System.out.printf("baseline: every feature read once in %.2f s; the layer as one GeoJSON: %.1f MB%n", scan,
                geoJsonBytes / 1e6);

        double[] centre = centreLonLat();
        System.out.println("zoom  cut (s)  bytes      time/scan  bytes/GeoJSON  again (ms)");
        for (int zoom = 0; zoom <= 18; zoom++) {
            TileAddress tile = TileAddress.containing(centre, zoom);
            long start = System.nanoTime();
            byte[] mvt = VectorTiles.mvtTile(gpkg, tile);
            double cut = seconds(start);
            long again = System.nanoTime();
            VectorTiles.mvtTile(gpkg, tile);
            double warm = seconds(again) * 1000;
            System.out.printf(Locale.ROOT, "%4d  %7.2f  %9d  %9.3f  %13.5f  %10.1f%n", zoom, cut, mvt.length,
                    cut / scan, (double) mvt.length / geoJsonBytes, warm);
        }
    }

    /** Reads every feature as a whole-layer answer would, and adds up the GeoJSON it would be. */
    private static long scanAndMeasureGeoJson(Path gpkg) throws Exception {
        Dataset data = GdalGate.openFeatures(gpkg);
        long bytes = 0;
        try {
            Layer layer = data.GetLayer(0);
            SpatialReference lonLat = new SpatialReference();
            lonLat.ImportFromEPSG(4326);
            lonLat.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            SpatialReference source = layer.GetSpatialRef().Clone();
            source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            CoordinateTransformation toLonLat = CoordinateTransformation.CreateCoordinateTransformation(source, lonLat);
            java.util.Vector<String> precision = new java.util.Vector<>(java.util.List.of("COORDINATE_PRECISION=7"));
            for (Feature f = layer.GetNextFeature(); f != null; f = layer.GetNextFeature()) {
                Geometry g = f.GetGeometryRef();
                g.Transform(toLonLat);
                // Geometry as GDAL writes it plus the properties' share: {"type":"Feature","properties":{...}}.
                bytes += g.ExportToJson(precision).length() + 90;
                f.delete();
            }
            toLonLat.delete();
        } finally {
            data.delete();
        }
        return bytes;
    }

    private static void write(Path gpkg, int count) {
        DataSource out = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg.toString());
        SpatialReference utm = new SpatialReference();
        utm.ImportFromEPSG(32633);
        Layer layer = out.CreateLayer("boxes", utm, ogr.wkbPolygon);
        layer.CreateField(new FieldDefn("Class", ogr.OFTString));
        layer.CreateField(new FieldDefn("ClassValue", ogr.OFTInteger));
        layer.CreateField(new FieldDefn("Confidence", ogr.OFTReal));
        Random random = new Random(1);
        layer.StartTransaction();
        for (int i = 0; i < count; i++) {
            double x = 490_000 + random.nextDouble() * 20_000;
            double y = 4_190_000 + random.nextDouble() * 20_000;
            Feature feature = new Feature(layer.GetLayerDefn());
            feature.SetGeometry(Geometry.CreateFromWkt(String.format(Locale.ROOT,
                    "POLYGON ((%.2f %.2f, %.2f %.2f, %.2f %.2f, %.2f %.2f, %.2f %.2f))", x, y, x + 10, y, x + 10,
                    y + 8, x, y + 8, x, y)));
            int c = random.nextInt(CLASSES.length);
            feature.SetField("Class", CLASSES[c]);
            feature.SetField("ClassValue", c + 1);
            feature.SetField("Confidence", random.nextDouble());
            layer.CreateFeature(feature);
            feature.delete();
        }
        layer.CommitTransaction();
        out.delete();
    }

    private static double[] centreLonLat() {
        SpatialReference utm = new SpatialReference();
        utm.ImportFromEPSG(32633);
        utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
        SpatialReference lonLat = new SpatialReference();
        lonLat.ImportFromEPSG(4326);
        lonLat.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
        return CoordinateTransformation.CreateCoordinateTransformation(utm, lonLat).TransformPoint(500_000, 4_200_000);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
