package org.rasterhub.runner.detect;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.gdal.ogr.DataSource;
import org.gdal.ogr.Feature;
import org.gdal.ogr.Geometry;
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
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.testmodels.TinyDetectionModels;
import org.rasterhub.runner.testmodels.TinyDetectionModels.Outputs;
import org.rasterhub.runner.testmodels.TinyOnnxModels;
import org.rasterhub.runner.tiling.Window;

class ObjectDetectorTest {
    private static final int TILE = 64;
    private static final int K = 50;
    private static final List<ModelClass> CLASSES = List.of(
        new ModelClass(1, "car", 255, 0, 0), new ModelClass(2, "boat", 0, 0, 255));

    @TempDir static Path models;
    @TempDir Path tmp;

    private static OnnxModel floatClasses;
    private static OnnxModel int64Classes;
    private static OnnxModel shuffled;
    private static OnnxModel noClasses;
    private static OnnxModel pixelScores;

    @BeforeAll
    static void loadModels() throws Exception {
        floatClasses = load("float.onnx", Outputs.FLOAT_CLASSES);
        int64Classes = load("int64.onnx", Outputs.INT64_CLASSES);
        shuffled = load("shuffled.onnx", Outputs.SHUFFLED_WITH_COUNT);
        noClasses = load("no-classes.onnx", Outputs.NO_CLASSES);
        pixelScores = OnnxModel.load(TinyOnnxModels.write(models.resolve("pixels.onnx"),
            TinyOnnxModels.brightestBandScores(2)));
    }

    private static OnnxModel load(String name, Outputs outputs) throws Exception {
        return OnnxModel.load(TinyOnnxModels.write(models.resolve(name),
            TinyDetectionModels.squareDetector(2, TILE, PlantedSquares.SIZE, K, 1, outputs)));
    }

    @AfterAll
    static void closeModels() {
        Stream.of(floatClasses, int64Classes, shuffled, noClasses, pixelScores).forEach(OnnxModel::close);
    }

    // Tile 64, padding 16: cores are 32 pixels wide and start at multiples of 32.
    private PlantedSquares scene() throws Exception {
        return PlantedSquares.scene(200, 160)
            .square(26, 40, 1)          // centre (32, 46): on a vertical seam
            .square(58, 58, 2)          // centre (64, 64): where four tiles meet
            .square(100, 90, 1)         // centre (106, 96): on a horizontal seam
            .square(2, 120, 2)          // 2 pixels from the left edge
            .square(186, 10, 1)         // 2 pixels from the right edge
            .square(140, 146, 2)        // 2 pixels from the bottom edge
            .square(150, 60, 1)         // inside one core
            .square(70, 120, 1, 0.6f)   // dim: above the default threshold, below 0.7
            .write(tmp.resolve("scene.tif"));
    }

    private DetectObjectsRequest request(PlantedSquares scene) {
        return DetectObjectsRequest.of(scene.file(), tmp.resolve("objects.gpkg"),
            tmp.resolve("objects.geojson"), List.of(0, 1), TILE);
    }

    @Test
    void everyPlantedSquareIsFoundExactlyOnceWithItsClassAndBox() throws Exception {
        PlantedSquares scene = scene();

        DetectedObjects result = new ObjectDetector(floatClasses, CLASSES)
            .detect(request(scene).withBatchSize(3), Progress.NONE);

        assertMatches(scene.squares(), result.detections());
        assertEquals(35, result.tiles());
        assertEquals(Map.of("car", 5, "boat", 3), result.perClass());
    }

    @Test
    void seamObjectsAreFoundOnceEvenWhenPadDetectionsAreKept() throws Exception {
        PlantedSquares scene = scene();

        DetectedObjects result = new ObjectDetector(floatClasses, CLASSES)
            .detect(request(scene).withExcludePadDetections(false), Progress.NONE);

        assertMatches(scene.squares(), result.detections());
    }

    @Test
    void theGeoPackageHoldsTheBoxesInTheRastersCrsWithClassAndConfidence() throws Exception {
        PlantedSquares scene = scene();
        DetectObjectsRequest request = request(scene);

        new ObjectDetector(floatClasses, CLASSES).detect(request, Progress.NONE);
        List<MapFeature> features = readWithOgr(request.geoPackageOutput(), PlantedSquares.EPSG);

        assertMatchesInMap(scene.squares(), features);
    }

    @Test
    void theGeoJsonIsWgs84AndHoldsTheSameBoxes() throws Exception {
        PlantedSquares scene = scene();
        DetectObjectsRequest request = request(scene);

        new ObjectDetector(floatClasses, CLASSES).detect(request, Progress.NONE);
        List<MapFeature> features = readWithOgr(request.geoJsonOutput(), 4326);

        assertMatchesInMap(scene.squares(), features);
    }

    @Test
    void detectionsBelowTheThresholdAreDropped() throws Exception {
        PlantedSquares scene = scene();

        DetectedObjects result = new ObjectDetector(floatClasses, CLASSES)
            .detect(request(scene).withThreshold(0.7), Progress.NONE);

        assertMatches(scene.squares().stream().filter(s -> s.brightness() > 0.7).toList(),
            result.detections());
    }

    @Test
    void onlyObjectsCentredInTheProcessingWindowAreReported() throws Exception {
        PlantedSquares scene = scene();
        Window window = new Window(20, 30, 100, 80);   // holds the centres of the first 3 squares

        DetectedObjects result = new ObjectDetector(floatClasses, CLASSES)
            .detect(request(scene).withProcessingWindow(window), Progress.NONE);

        assertMatches(scene.squares().subList(0, 3), result.detections());
        assertEquals(4 * 3, result.tiles(), "tiles of 32-pixel cores over 100 x 80 pixels");
    }

    @Test
    void int64ClassesAndOutputsInAnotherOrderWithACountAreRead() throws Exception {
        PlantedSquares scene = scene();

        DetectedObjects int64 = new ObjectDetector(int64Classes, CLASSES)
            .detect(request(scene), Progress.NONE);
        DetectedObjects other = new ObjectDetector(shuffled, CLASSES)
            .detect(request(scene).withBatchSize(4), Progress.NONE);

        assertMatches(scene.squares(), int64.detections());
        assertMatches(scene.squares(), other.detections());
    }

    @Test
    void progressCountsTilesThenTheWrite() throws Exception {
        PlantedSquares scene = scene();
        List<String> updates = new ArrayList<>();

        new ObjectDetector(floatClasses, CLASSES).detect(request(scene).withBatchSize(16),
            (stage, done, total) -> updates.add(stage + " " + done + "/" + total));

        assertEquals(List.of("detecting objects 0/35", "detecting objects 16/35",
            "detecting objects 32/35", "detecting objects 35/35",
            "writing the detected objects 0/1", "writing the detected objects 1/1"), updates);
    }

    @Test
    void aModelWithoutClassesIsRefusedNamingTheContractAndNothingIsWritten() throws Exception {
        PlantedSquares scene = scene();
        DetectObjectsRequest request = request(scene);

        var refused = assertThrows(ModelOutputException.class,
            () -> new ObjectDetector(noClasses, CLASSES).detect(request, Progress.NONE));

        assertTrue(refused.getMessage().contains("detection_boxes float [N, K, 4]"),
            refused.getMessage());
        assertNoOutputs(request);
    }

    @Test
    void aPixelClassificationModelIsRefusedAsADetector() throws Exception {
        PlantedSquares scene = scene();
        DetectObjectsRequest request = request(scene);

        var refused = assertThrows(ModelOutputException.class,
            () -> new ObjectDetector(pixelScores, CLASSES).detect(request, Progress.NONE));

        assertTrue(refused.getMessage().contains("detection_scores float [N, K]"), refused.getMessage());
        assertNoOutputs(request);
    }

    @Test
    void aClassValueMissingFromTheEmdIsRefused() throws Exception {
        PlantedSquares scene = scene();
        DetectObjectsRequest request = request(scene);

        var refused = assertThrows(ModelOutputException.class,
            () -> new ObjectDetector(floatClasses, List.of(CLASSES.get(0))).detect(request,
                Progress.NONE));

        assertTrue(refused.getMessage().contains("class 2.0 of detection"), refused.getMessage());
        assertNoOutputs(request);
    }

    @Test
    void aProcessingWindowOutsideTheRasterIsRefused() throws Exception {
        PlantedSquares scene = scene();

        var refused = assertThrows(IllegalArgumentException.class,
            () -> new ObjectDetector(floatClasses, CLASSES).detect(
                request(scene).withProcessingWindow(new Window(300, 0, 10, 10)), Progress.NONE));

        assertTrue(refused.getMessage().contains("outside the raster of 200 x 160"), refused.getMessage());
    }

    private void assertNoOutputs(DetectObjectsRequest request) {
        assertAll(
            () -> assertFalse(Files.exists(request.geoPackageOutput()), "GeoPackage left behind"),
            () -> assertFalse(Files.exists(request.geoJsonOutput()), "GeoJSON left behind"));
    }

    /** Each square matched by exactly one detection of its class with IoU > 0.9, and nothing else. */
    private static void assertMatches(List<PlantedSquares.Square> squares, List<Detection> found) {
        List<String> problems = new ArrayList<>();
        for (PlantedSquares.Square s : squares) {
            long matches = found.stream()
                .filter(d -> d.classValue() == s.classValue() && d.box().iou(s.box()) > 0.9).count();
            if (matches != 1) {
                problems.add(s + " matched " + matches + " times");
            }
        }
        if (found.size() != squares.size()) {
            problems.add(found.size() + " detections for " + squares.size() + " squares: " + found);
        }
        assertEquals(List.of(), problems);
    }

    private static void assertMatchesInMap(List<PlantedSquares.Square> squares, List<MapFeature> found) {
        List<String> problems = new ArrayList<>();
        for (PlantedSquares.Square s : squares) {
            double[] expected = mapBox(s);
            List<MapFeature> matches = found.stream()
                .filter(f -> iou(f.box(), expected) > 0.9 && f.classValue() == s.classValue())
                .toList();
            if (matches.size() != 1) {
                problems.add(s + " matched " + matches.size() + " times");
            } else {
                MapFeature f = matches.get(0);
                if (!f.className().equals(s.classValue() == 1 ? "car" : "boat")
                        || Math.abs(f.confidence() - s.brightness()) > 1e-3) {
                    problems.add(s + " has attributes " + f);
                }
            }
        }
        if (found.size() != squares.size()) {
            problems.add(found.size() + " features for " + squares.size() + " squares");
        }
        assertEquals(List.of(), problems);
    }

    private static double[] mapBox(PlantedSquares.Square s) {
        var t = PlantedSquares.TRANSFORM;
        return new double[] {t.originX() + s.x() * t.pixelWidth(),
            t.originY() + (s.y() + PlantedSquares.SIZE) * t.pixelHeight(),
            t.originX() + (s.x() + PlantedSquares.SIZE) * t.pixelWidth(),
            t.originY() + s.y() * t.pixelHeight()};
    }

    private static double iou(double[] a, double[] b) {
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double i = w * h;
        return i / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - i);
    }

    /** A feature read back with plain OGR, its envelope in the raster's CRS (minX, minY, maxX, maxY). */
    record MapFeature(double[] box, String className, int classValue, double confidence) {
        @Override
        public String toString() {
            return className + "/" + classValue + "/" + confidence + " " + java.util.Arrays.toString(box);
        }
    }

    static List<MapFeature> readWithOgr(Path file, int expectedEpsg) {
        Gdal.init();
        DataSource ds = ogr.Open(file.toString(), 0);
        assertTrue(ds != null, "OGR cannot open " + file);
        try {
            Layer layer = ds.GetLayer(0);
            SpatialReference srs = layer.GetSpatialRef();
            srs.AutoIdentifyEPSG();
            assertEquals(String.valueOf(expectedEpsg), srs.GetAuthorityCode(null), file + " CRS");
            SpatialReference raster = new SpatialReference();
            raster.ImportFromEPSG(PlantedSquares.EPSG);
            raster.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER);
            CoordinateTransformation toRaster = CoordinateTransformation.CreateCoordinateTransformation(
                srs, raster);
            List<MapFeature> features = new ArrayList<>();
            for (Feature f = layer.GetNextFeature(); f != null; f = layer.GetNextFeature()) {
                Geometry g = f.GetGeometryRef().Clone();
                g.Transform(toRaster);
                double[] e = new double[4];
                g.GetEnvelope(e);
                features.add(new MapFeature(new double[] {e[0], e[2], e[1], e[3]},
                    f.GetFieldAsString("Class"), (int) f.GetFieldAsInteger64("ClassValue"),
                    f.GetFieldAsDouble("Confidence")));
                g.delete();
                f.delete();
            }
            return features;
        } finally {
            ds.delete();
        }
    }

    static String names(List<MapFeature> features) {
        return features.stream().map(MapFeature::toString).collect(Collectors.joining("\n"));
    }
}
