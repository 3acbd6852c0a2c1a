package org.rasterhub.runner.classifyobjects;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Collectors;

import org.gdal.ogr.DataSource;
import org.gdal.ogr.Feature;
import org.gdal.ogr.Layer;
import org.gdal.ogr.ogr;
import org.gdal.osr.CoordinateTransformation;
import org.gdal.osr.SpatialReference;
import org.gdal.osr.osr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.classify.ModelOutputException;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.testmodels.TinyDetectionModels;
import org.rasterhub.runner.testmodels.TinyOnnxModels;
import org.rasterhub.runner.vector.FeatureIoException;

class ObjectClassifierTest {
    private static final int EPSG = 32633;
    private static final GeoTransform TRANSFORM = GeoTransform.northUp(500_000, 5_800_000, 10, 10);
    private static final List<ModelClass> CLASSES = List.of(new ModelClass(0, "water", 0, 0, 255),
        new ModelClass(1, "forest", 0, 128, 0), new ModelClass(2, "urban", 200, 30, 40));
    private static final List<Integer> BANDS = List.of(0, 1, 2);

    /** A planted object: pixel rectangle and the band that is brightest in it. */
    record Planted(int x, int y, int width, int height, int band) {
    }

    private static final List<Planted> PLANTED = List.of(new Planted(5, 5, 10, 8, 0),
        new Planted(30, 10, 20, 20, 1), new Planted(60, 4, 6, 14, 2), new Planted(8, 50, 30, 25, 2),
        new Planted(50, 45, 12, 12, 0), new Planted(90, 60, 25, 25, 1), new Planted(100, 5, 3, 3, 1));

    @TempDir static Path models;
    @TempDir Path tmp;

    private static OnnxModel probabilities;
    private static OnnxModel rawScores;

    @BeforeAll
    static void loadModels() throws Exception {
        probabilities = OnnxModel.load(TinyOnnxModels.write(models.resolve("chips.onnx"),
            TinyDetectionModels.brightestBandChipClassifier(3)));
        rawScores = OnnxModel.load(TinyOnnxModels.write(models.resolve("means.onnx"),
            TinyDetectionModels.bandMeanChipScores(3)));
    }

    @AfterAll
    static void closeModels() {
        probabilities.close();
        rawScores.close();
    }

    // Background 0-3 in every band; inside an object its band is 8-10. Any other band's bright
    // pixels nearby must not leak into the chip.
    private Path raster() throws Exception {
        Random random = new Random(3);
        FloatBands bands = FloatBands.zeros(120, 90, 3);
        for (int b = 0; b < 3; b++) {
            for (int row = 0; row < 90; row++) {
                for (int col = 0; col < 120; col++) {
                    bands.set(b, row, col, random.nextFloat() * 3);
                }
            }
        }
        for (Planted p : PLANTED) {
            for (int row = p.y(); row < p.y() + p.height(); row++) {
                for (int col = p.x(); col < p.x() + p.width(); col++) {
                    bands.set(p.band(), row, col, 8 + random.nextFloat() * 2);
                }
            }
        }
        Path file = tmp.resolve("scene.tif");
        GeoTiffs.write(file, bands, TRANSFORM, EPSG);
        return file;
    }

    /** The outlines in UTM, with a "crs" member, and attributes of three types. */
    private Path outlinesUtm(List<Planted> planted) throws Exception {
        List<String> features = new ArrayList<>();
        for (int i = 0; i < planted.size(); i++) {
            Planted p = planted.get(i);
            double x0 = TRANSFORM.originX() + p.x() * 10;
            double x1 = x0 + p.width() * 10;
            double y0 = TRANSFORM.originY() - p.y() * 10;
            double y1 = y0 - p.height() * 10;
            features.add(feature(i, ring(x0, y0, x1, y1)));
        }
        return geoJson("outlines.geojson", "\"crs\": {\"type\": \"name\", \"properties\": {\"name\":"
            + " \"urn:ogc:def:crs:EPSG::32633\"}},", features);
    }

    private static String feature(int i, String ring) {
        return String.format(Locale.ROOT, "{\"type\": \"Feature\", \"properties\": {\"id\": %d,"
            + " \"name\": \"object %d\", \"height\": %.1f}, \"geometry\": {\"type\": \"Polygon\","
            + " \"coordinates\": [%s]}}", 100 + i, i, 2.5 * i, ring);
    }

    private static String ring(double x0, double y0, double x1, double y1) {
        return String.format(Locale.ROOT, "[[%.8f, %.8f], [%.8f, %.8f], [%.8f, %.8f], [%.8f, %.8f],"
            + " [%.8f, %.8f]]", x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
    }

    private Path geoJson(String name, String crsMember, List<String> features) throws Exception {
        return Files.writeString(tmp.resolve(name), "{\"type\": \"FeatureCollection\", " + crsMember
            + " \"features\": [" + String.join(",\n", features) + "]}");
    }

    private ClassifyObjectsRequest request(Path raster, Path features) {
        return ClassifyObjectsRequest.of(raster, features, tmp.resolve("labelled.gpkg"),
            tmp.resolve("labelled.geojson"), BANDS, 16);
    }

    @Test
    void everyObjectGetsTheClassOfItsBrightestBand() throws Exception {
        ClassifyObjectsRequest request = request(raster(), outlinesUtm(PLANTED)).withBatchSize(3);

        ClassifiedObjects result = new ObjectClassifier(probabilities, CLASSES).classify(request,
            Progress.NONE);

        assertEquals(PLANTED.stream().map(p -> OptionalInt.of(p.band())).toList(),
            result.labels().stream().map(ObjectLabel::classValue).toList());
        assertEquals(Map.of("water", 2, "forest", 3, "urban", 2), result.perClass());
    }

    @Test
    void bothOutputsKeepTheAttributesAndAddTheLabel() throws Exception {
        ClassifyObjectsRequest request = request(raster(), outlinesUtm(PLANTED));

        new ObjectClassifier(probabilities, CLASSES).classify(request, Progress.NONE);

        for (Path out : List.of(request.geoPackageOutput(), request.geoJsonOutput())) {
            List<Map<String, String>> rows = readWithOgr(out);
            assertEquals(PLANTED.size(), rows.size(), out.toString());
            for (int i = 0; i < PLANTED.size(); i++) {
                Map<String, String> row = rows.get(i);
                String where = out.getFileName() + " feature " + i + " " + row;
                assertEquals(String.valueOf(100 + i), row.get("id"), where);
                assertEquals("object " + i, row.get("name"), where);
                assertEquals(2.5 * i, Double.parseDouble(row.get("height")), 1e-9, where);
                assertEquals(CLASSES.get(PLANTED.get(i).band()).name(), row.get("Class"), where);
                assertEquals(String.valueOf(PLANTED.get(i).band()), row.get("ClassValue"), where);
                // Thin objects (6 x 14) share their square chip with background: less sure, still right.
                assertTrue(Double.parseDouble(row.get("Confidence")) > 0.85, where);
            }
        }
        assertEquals(String.valueOf(EPSG), epsgOf(request.geoPackageOutput()));
        assertEquals("4326", epsgOf(request.geoJsonOutput()));
    }

    @Test
    void featuresInWgs84AreReprojectedOntoTheRaster() throws Exception {
        SpatialReference utm = srs(EPSG);
        SpatialReference wgs84 = srs(4326);
        CoordinateTransformation toWgs84 = CoordinateTransformation.CreateCoordinateTransformation(utm, wgs84);
        List<String> features = new ArrayList<>();
        for (int i = 0; i < PLANTED.size(); i++) {
            Planted p = PLANTED.get(i);
            // One pixel inside the outline: reprojection bends the edges by a fraction of a pixel.
            double[] a = toWgs84.TransformPoint(TRANSFORM.originX() + (p.x() + 0.5) * 10,
                TRANSFORM.originY() - (p.y() + 0.5) * 10);
            double[] b = toWgs84.TransformPoint(TRANSFORM.originX() + (p.x() + p.width() - 0.5) * 10,
                TRANSFORM.originY() - (p.y() + p.height() - 0.5) * 10);
            features.add(feature(i, ring(a[0], a[1], b[0], b[1])));
        }
        Path file = geoJson("wgs84.geojson", "", features);

        ClassifiedObjects result = new ObjectClassifier(probabilities, CLASSES).classify(
            request(raster(), file), Progress.NONE);

        assertEquals(PLANTED.stream().map(p -> OptionalInt.of(p.band())).toList(),
            result.labels().stream().map(ObjectLabel::classValue).toList());
    }

    @Test
    void rawScoresAreSoftmaxedIntoConfidences() throws Exception {
        ClassifiedObjects result = new ObjectClassifier(rawScores, CLASSES).classify(
            request(raster(), outlinesUtm(PLANTED)), Progress.NONE);

        assertEquals(PLANTED.stream().map(p -> OptionalInt.of(p.band())).toList(),
            result.labels().stream().map(ObjectLabel::classValue).toList());
        for (ObjectLabel label : result.labels()) {
            double c = label.confidence().orElseThrow();
            assertTrue(c > 0.85 && c < 1.0, "softmax of band means 8-10 against 0-3: " + c);
        }
    }

    @Test
    void aConfidenceBelowTheThresholdLeavesTheObjectUnclassified() throws Exception {
        ClassifiedObjects result = new ObjectClassifier(rawScores, CLASSES).classify(
            request(raster(), outlinesUtm(PLANTED)).withScoreThreshold(0.99999), Progress.NONE);

        assertAll(result.labels().stream().map(label -> () -> {
            assertEquals(OptionalInt.empty(), label.classValue());
            assertTrue(label.reason().orElseThrow().matches("confidence 0\\.\\d{3} below threshold 1\\.000"),
                label.toString());
        }));
        assertEquals(Map.of(), result.perClass());
    }

    @Test
    void aFeatureOutsideTheRasterIsKeptUnclassified() throws Exception {
        List<Planted> withOutside = new ArrayList<>(PLANTED);
        withOutside.add(new Planted(200, 10, 5, 5, 0));

        ClassifiedObjects result = new ObjectClassifier(probabilities, CLASSES).classify(
            request(raster(), outlinesUtm(withOutside)), Progress.NONE);

        ObjectLabel outside = result.labels().get(PLANTED.size());
        assertEquals(Optional.of(ObjectClassifier.OUTSIDE_RASTER), outside.reason());
        assertEquals(OptionalInt.empty(), outside.classValue());
        assertEquals(PLANTED.size(), result.classified());
    }

    @Test
    void aLongThinFeatureIsPaddedToASquareChipNotStretched() throws Exception {
        // Band 0 is 10 inside a 40 x 10 pixel feature and 0 elsewhere; band 1 is 4 everywhere. Padded
        // to a 40 x 40 square, the 16-pixel chip holds the feature in rows 6-9: band 0's mean is 2.5,
        // below band 1's 4 (class 1). Stretched, band 0's mean would be 10 (class 0).
        FloatBands bands = FloatBands.zeros(100, 60, 3);
        for (int row = 0; row < 60; row++) {
            for (int col = 0; col < 100; col++) {
                bands.set(1, row, col, 4);
                if (row >= 20 && row < 30 && col >= 30 && col < 70) {
                    bands.set(0, row, col, 10);
                }
            }
        }
        Path raster = tmp.resolve("boat.tif");
        GeoTiffs.write(raster, bands, TRANSFORM, EPSG);

        ClassifiedObjects result = new ObjectClassifier(rawScores, CLASSES).classify(
            request(raster, outlinesUtm(List.of(new Planted(30, 20, 40, 10, 0)))), Progress.NONE);

        ObjectLabel boat = result.labels().get(0);
        assertEquals(OptionalInt.of(1), boat.classValue());
        double expected = Math.exp(4) / (Math.exp(2.5) + Math.exp(4) + Math.exp(0));
        assertEquals(expected, boat.confidence().getAsDouble(), 1e-6);
    }

    @Test
    void featuresOutsideTheProcessingExtentAreKeptUnclassified() throws Exception {
        // The extent covers the first planted object only (pixels 5-15 x 5-13, with a margin).
        double x0 = TRANSFORM.originX() + 2 * 10;
        double y1 = TRANSFORM.originY() - 2 * 10;
        List<Double> extent = List.of(x0, y1 - 20 * 10, x0 + 20 * 10, y1);

        ClassifiedObjects result = new ObjectClassifier(probabilities, CLASSES).classify(
            request(raster(), outlinesUtm(PLANTED)).withExtent(extent), Progress.NONE);

        assertEquals(OptionalInt.of(PLANTED.get(0).band()), result.labels().get(0).classValue());
        for (int i = 1; i < PLANTED.size(); i++) {
            assertEquals(Optional.of(ObjectClassifier.OUTSIDE_EXTENT), result.labels().get(i).reason(), "feature " + i);
        }
        assertEquals(1, result.classified());
    }

    @Test
    void aRangeOfFeaturesGetsTheLabelsTheWholeLayerGivesItAndNothingIsWritten() throws Exception {
        ClassifyObjectsRequest request = request(raster(), outlinesUtm(PLANTED)).withBatchSize(2);
        ObjectClassifier classifier = new ObjectClassifier(probabilities, CLASSES);
        List<ObjectLabel> whole = classifier.classify(request, Progress.NONE).labels();
        Files.delete(request.geoPackageOutput());
        Files.delete(request.geoJsonOutput());

        List<ObjectLabel> range = classifier.label(request, 2, 5, Progress.NONE);

        assertEquals(whole.subList(2, 5), range);
        assertNoOutputs(request);
    }

    @Test
    void aRangeReachingPastTheLastFeatureIsRefused() throws Exception {
        ClassifyObjectsRequest request = request(raster(), outlinesUtm(PLANTED));

        var refused = assertThrows(IllegalArgumentException.class, () -> new ObjectClassifier(probabilities,
            CLASSES).label(request, 5, 8, Progress.NONE));

        assertTrue(refused.getMessage().startsWith("features from position 5 to before 8 reach past the 7"
            + " features of "), refused.getMessage());
    }

    @Test
    void aFileThatIsNotJsonIsRefusedAndNothingIsWritten() throws Exception {
        assertRefused(Files.writeString(tmp.resolve("notes.geojson"), "these are not features"),
            "not a vector file");
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        assertRefused(Files.write(tmp.resolve("empty.geojson"), new byte[0]), "is empty (0 bytes)");
    }

    @Test
    void aFeatureCollectionWithoutFeaturesIsRefused() throws Exception {
        assertRefused(geoJson("none.geojson", "", List.of()), "has no features");
    }

    @Test
    void aGeoPackageWithoutLayersIsRefused() throws Exception {
        Gdal.init();
        Path file = tmp.resolve("nothing.gpkg");
        ogr.GetDriverByName("GPKG").CreateDataSource(file.toString()).delete();

        assertRefused(file, "without a feature layer");
    }

    @Test
    void aFeatureWithoutGeometryIsRefused() throws Exception {
        Path file = geoJson("nogeom.geojson", "", List.of("{\"type\": \"Feature\", \"properties\":"
            + " {\"id\": 1}, \"geometry\": null}"));

        assertRefused(file, "has no geometry");
    }

    @Test
    void aRasterGivenAsFeaturesIsRefused() throws Exception {
        Path raster = raster();
        Path copy = Files.copy(raster, tmp.resolve("copy.tif"));

        assertRefused(copy, "is a raster, not a feature file");
    }

    @Test
    void aClassIndexThatIsNoEmdValueIsRefused() throws Exception {
        ClassifyObjectsRequest request = request(raster(), outlinesUtm(PLANTED));

        var refused = assertThrows(ModelOutputException.class, () -> new ObjectClassifier(
            probabilities, CLASSES.subList(0, 2)).classify(request, Progress.NONE));

        assertTrue(refused.getMessage().contains("class index 2 is not one of the .emd class values"
            + " [0, 1]"), refused.getMessage());
        assertNoOutputs(request);
    }

    @Test
    void aPerPixelOutputIsRefusedNamingTheExpectedShape() throws Exception {
        ClassifyObjectsRequest request = request(raster(), outlinesUtm(PLANTED));

        try (OnnxModel perPixel = OnnxModel.load(TinyOnnxModels.write(tmp.resolve("pixels.onnx"),
                TinyOnnxModels.brightestBandScores(3)))) {
            var refused = assertThrows(ModelOutputException.class, () -> new ObjectClassifier(
                perPixel, CLASSES).classify(request, Progress.NONE));

            assertTrue(refused.getMessage().contains("expected float [1, classes >= 2]"),
                refused.getMessage());
        }
        assertNoOutputs(request);
    }

    @Test
    void progressCountsFeaturesThenTheWrite() throws Exception {
        List<String> updates = new ArrayList<>();

        new ObjectClassifier(probabilities, CLASSES).classify(
            request(raster(), outlinesUtm(PLANTED)).withBatchSize(4),
            (stage, done, total) -> updates.add(stage + " " + done + "/" + total));

        assertEquals(List.of("classifying objects 0/7", "classifying objects 4/7",
            "classifying objects 7/7", "writing the classified objects 0/1",
            "writing the classified objects 1/1"), updates);
    }

    private void assertRefused(Path features, String expected) throws Exception {
        ClassifyObjectsRequest request = request(raster(), features);

        var refused = assertThrows(FeatureIoException.class,
            () -> new ObjectClassifier(probabilities, CLASSES).classify(request, Progress.NONE));

        assertTrue(refused.getMessage().startsWith(features + ": "), refused.getMessage());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertNoOutputs(request);
    }

    private void assertNoOutputs(ClassifyObjectsRequest request) {
        assertAll(
            () -> assertFalse(Files.exists(request.geoPackageOutput()), "GeoPackage left behind"),
            () -> assertFalse(Files.exists(request.geoJsonOutput()), "GeoJSON left behind"));
    }

    private static SpatialReference srs(int epsg) {
        Gdal.init();
        SpatialReference srs = new SpatialReference();
        srs.ImportFromEPSG(epsg);
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
        return srs;
    }

    private static String epsgOf(Path file) {
        DataSource ds = ogr.Open(file.toString(), 0);
        try {
            SpatialReference srs = ds.GetLayer(0).GetSpatialRef();
            srs.AutoIdentifyEPSG();
            return srs.GetAuthorityCode(null);
        } finally {
            ds.delete();
        }
    }

    private static List<Map<String, String>> readWithOgr(Path file) {
        Gdal.init();
        DataSource ds = ogr.Open(file.toString(), 0);
        assertTrue(ds != null, "OGR cannot open " + file);
        try {
            Layer layer = ds.GetLayer(0);
            List<Map<String, String>> rows = new ArrayList<>();
            for (Feature f = layer.GetNextFeature(); f != null; f = layer.GetNextFeature()) {
                Map<String, String> row = new java.util.LinkedHashMap<>();
                for (int i = 0; i < f.GetFieldCount(); i++) {
                    row.put(f.GetFieldDefnRef(i).GetName(), f.IsFieldSetAndNotNull(i)
                        ? f.GetFieldAsString(i) : null);
                }
                rows.add(row);
                f.delete();
            }
            return rows;
        } finally {
            ds.delete();
        }
    }

    static String describe(List<ObjectLabel> labels) {
        return labels.stream().map(ObjectLabel::toString).collect(Collectors.joining("\n"));
    }
}
