package org.rasterhub.runner.change;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

import org.gdal.gdal.Band;
import org.gdal.gdal.ColorTable;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.classify.ModelOutputException;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoRaster;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.testmodels.TinyChangeModels;
import org.rasterhub.runner.testmodels.TinyOnnxModels;
import org.rasterhub.runner.tiling.Window;

class ChangeDetectorTest {
    private static final int UTM_33N = 32633;
    private static final int BANDS = 3;
    private static final int WIDTH = 300;
    private static final int HEIGHT = 220;
    private static final GeoTransform TRANSFORM = GeoTransform.northUp(500_000, 5_800_000, 10, 10);
    private static final ModelClass WATER = new ModelClass(0, "Water", 0, 0, 255);
    private static final ModelClass FOREST = new ModelClass(1, "Forest", 0, 128, 0);
    private static final ModelClass URBAN = new ModelClass(2, "Urban", 200, 30, 40);
    private static final List<ModelClass> CLASSES = List.of(WATER, FOREST, URBAN);
    private static final List<ModelClass> CHANGE_CLASSES = List.of(
        new ModelClass(0, "no change", 0, 0, 0), new ModelClass(1, "change", 255, 0, 0));

    @TempDir static Path models;
    @TempDir Path tmp;

    private static OnnxModel classifier;
    private static OnnxModel twoDate;

    @BeforeAll
    static void loadModels() throws Exception {
        classifier = OnnxModel.load(TinyOnnxModels.write(models.resolve("wins.onnx"),
            TinyOnnxModels.brightestBandWinsAnyBatch(BANDS)));
        twoDate = OnnxModel.load(TinyOnnxModels.write(models.resolve("sums.onnx"),
            TinyChangeModels.bandSumsDiffer(BANDS)));
    }

    @AfterAll
    static void closeModels() {
        classifier.close();
        twoDate.close();
    }

    @Test
    void everyPixelHoldsItsPlantedClassTransitionAndUnchangedClassesAreZero() throws Exception {
        Dates dates = Dates.classChanges(tmp, 42L);
        Path out = tmp.resolve("change.tif");

        ChangeRaster result = new ChangeDetector(classifier, CLASSES).detect(
            request(dates, out), Progress.NONE);

        assertEquals(ChangeMode.CLASS_TRANSITIONS, result.mode());
        assertEquals(10 * 7, result.tiles());
        float[] written = GeoTiffs.read(out).pixels().values();
        long wrong = 0;
        long changed = 0;
        for (int i = 0; i < written.length; i++) {
            int expected = expectedTransition(result, dates.fromTruth[i], dates.toTruth[i]);
            if (written[i] != expected) {
                wrong++;
            }
            if (expected != 0) {
                changed++;
            }
        }
        assertEquals(0, wrong, "wrong pixels of " + written.length);
        assertEquals(80 * 60 + 60 * 50, changed, "planted changed pixels");
    }

    @Test
    void theTransitionTableNamesEveryOrderedPairOfClassesInTheToClassesColour() throws Exception {
        ChangeDetector detector = new ChangeDetector(classifier, CLASSES);

        List<Transition> transitions = detector.transitions();

        assertEquals(6, transitions.size());
        assertEquals(List.of("Water → Forest", "Water → Urban", "Forest → Water", "Forest → Urban",
            "Urban → Water", "Urban → Forest"), transitions.stream().map(Transition::name).toList());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), transitions.stream().map(Transition::value).toList());
        assertEquals(new ModelClass(1, "Water → Forest", 0, 128, 0), transitions.get(0).asClass());
        assertEquals(ChangeDetector.NO_CHANGE_CLASS, detector.legend().get(0));
        assertEquals(7, detector.legend().size());
    }

    @Test
    void theChangeRasterCarriesTheTransitionColoursNamesCrsAndGeotransform() throws Exception {
        Dates dates = Dates.classChanges(tmp, 5L);
        Path out = tmp.resolve("change.tif");

        new ChangeDetector(classifier, CLASSES).detect(request(dates, out), Progress.NONE);

        GeoRaster read = GeoTiffs.read(out);
        assertEquals(OptionalInt.of(UTM_33N), read.crs().epsg());
        assertArrayEquals(TRANSFORM.toGdal(), read.transform().toGdal());
        Gdal.init();
        Dataset dataset = gdal.Open(out.toString(), gdalconst.GA_ReadOnly);
        try {
            Band band = dataset.GetRasterBand(1);
            ColorTable colours = band.GetRasterColorTable();
            assertAll(
                () -> assertEquals("COG", dataset.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE")),
                () -> assertEquals(gdalconst.GDT_Byte, band.getDataType()),
                () -> assertEquals(new Color(0, 128, 0), opaque(colours.GetColorEntry(1))),
                () -> assertEquals(new Color(0, 0, 255), opaque(colours.GetColorEntry(3))));
        } finally {
            dataset.delete();
        }
    }

    @Test
    void aTwoDateModelSeesBothDatesAndItsClassesAreWrittenAsIs() throws Exception {
        Dates dates = Dates.sumChanges(tmp, 9L);
        Path out = tmp.resolve("change.tif");

        ChangeRaster result = new ChangeDetector(twoDate, CHANGE_CLASSES, ChangeMode.TWO_DATE_MODEL)
            .detect(request(dates, out), Progress.NONE);

        assertEquals(ChangeMode.TWO_DATE_MODEL, result.mode());
        assertEquals(CHANGE_CLASSES, result.legend());
        assertEquals(List.of(), result.transitions());
        float[] written = GeoTiffs.read(out).pixels().values();
        long wrong = 0;
        for (int i = 0; i < written.length; i++) {
            if (written[i] != dates.toTruth[i]) {
                wrong++;
            }
        }
        assertEquals(0, wrong, "wrong pixels of " + written.length);
        assertEquals(70 * 40, Arrays.stream(dates.toTruth).filter(v -> v == 1).count(),
            "planted changes (band permutations keep the sums and are no change)");
    }

    @Test
    void aProcessingWindowGivesTheSameWindowOfTheWholeChangeRasterShifted() throws Exception {
        Dates dates = Dates.classChanges(tmp, 3L);
        Path whole = tmp.resolve("whole.tif");
        Path windowed = tmp.resolve("windowed.tif");
        Window window = new Window(33, 17, 190, 120);
        ChangeDetector detector = new ChangeDetector(classifier, CLASSES);

        detector.detect(request(dates, whole), Progress.NONE);
        ChangeRaster result = detector.detect(request(dates, windowed).withProcessingWindow(window),
            Progress.NONE);

        assertEquals(190, result.width());
        assertEquals(120, result.height());
        FloatBands all = GeoTiffs.read(whole).pixels();
        GeoRaster part = GeoTiffs.read(windowed);
        long differing = 0;
        for (int row = 0; row < window.height(); row++) {
            for (int col = 0; col < window.width(); col++) {
                if (part.pixels().get(0, row, col) != all.get(0, window.y() + row, window.x() + col)) {
                    differing++;
                }
            }
        }
        assertEquals(0, differing);
        assertArrayEquals(new double[] {500_330, 10, 0, 5_799_830, 0, -10}, part.transform().toGdal());
    }

    @Test
    void pixelsThatAreNodataOnEitherDateBecomeNodata() throws Exception {
        Dates dates = Dates.classChanges(tmp, 4L);
        Path from = withNoData(dates.from, 10, 10, 20, 5);
        Path to = withNoData(dates.to, 100, 100, 5, 20);
        Path out = tmp.resolve("change.tif");

        new ChangeDetector(classifier, CLASSES).detect(DetectChangeRequest.of(from, to, out,
            List.of(0, 1, 2), 64).withPadding(16).withBatchSize(4), Progress.NONE);

        FloatBands written = GeoTiffs.read(out).pixels();
        long noData = Arrays.stream(toDoubles(written.values())).filter(v -> v == 255).count();
        assertEquals(20 * 5 + 5 * 20, noData);
        assertEquals(255f, written.get(0, 12, 15));
        assertEquals(255f, written.get(0, 110, 102));
    }

    @Test
    void rastersOnDifferentGridsAreRefusedNamingBothAndEveryDifference() throws Exception {
        Path from = Dates.write(tmp.resolve("2020.tif"), new int[WIDTH * HEIGHT], WIDTH, HEIGHT,
            TRANSFORM, new Random(1));
        Path to = Dates.write(tmp.resolve("2024.tif"), new int[WIDTH * (HEIGHT - 20)], WIDTH,
            HEIGHT - 20, GeoTransform.northUp(500_005, 5_800_000, 10, 10), new Random(2));
        Path out = tmp.resolve("change.tif");

        RasterMismatchException e = assertThrows(RasterMismatchException.class, () ->
            new ChangeDetector(classifier, CLASSES).detect(DetectChangeRequest.of(from, to, out,
                List.of(0, 1, 2), 64), Progress.NONE));

        assertEquals(from, e.fromRaster());
        assertEquals(to, e.toRaster());
        assertEquals(2, e.differences().size(), e.differences().toString());
        assertTrue(e.getMessage().startsWith(from + " and " + to), e.getMessage());
        assertTrue(e.getMessage().contains("size 300 x 220 vs 300 x 200 pixels"), e.getMessage());
        assertTrue(e.getMessage().contains("geotransform [500000.0"), e.getMessage());
        assertFalse(Files.exists(out), "nothing may be written");
    }

    @Test
    void rastersInDifferentCrsAreRefused() throws Exception {
        Random random = new Random(3);
        Path from = Dates.write(tmp.resolve("a.tif"), new int[100 * 80], 100, 80, TRANSFORM, random);
        FloatBands pixels = GeoTiffs.read(from).pixels();
        Path to = tmp.resolve("b.tif");
        GeoTiffs.write(to, pixels, TRANSFORM, 32632);

        RasterMismatchException e = assertThrows(RasterMismatchException.class, () ->
            new ChangeDetector(classifier, CLASSES).detect(DetectChangeRequest.of(from, to,
                tmp.resolve("c.tif"), List.of(0, 1, 2), 64), Progress.NONE));

        assertEquals(List.of("CRS EPSG:32633 vs EPSG:32632"), e.differences());
    }

    @Test
    void aClassTheModelAnswersOutsideTheClassesIsReported() throws Exception {
        Dates dates = Dates.classChanges(tmp, 8L);

        ModelOutputException e = assertThrows(ModelOutputException.class, () ->
            new ChangeDetector(classifier, List.of(WATER, FOREST)).detect(
                request(dates, tmp.resolve("change.tif")), Progress.NONE));

        assertTrue(e.getMessage().contains("class 2 is none of the .emd's Classes [0, 1]"),
            e.getMessage());
        assertFalse(Files.exists(tmp.resolve("change.tif")));
    }

    @Test
    void moreClassesThanAByteCanHoldTheTransitionsOfAreRefused() {
        List<ModelClass> seventeen = new ArrayList<>();
        for (int v = 0; v < 17; v++) {
            seventeen.add(new ModelClass(v, "class " + v, v, v, v));
        }

        var e = assertThrows(IllegalArgumentException.class,
            () -> new ChangeDetector(classifier, seventeen));

        assertTrue(e.getMessage().contains("2 to 16 classes, found 17"), e.getMessage());
        assertEquals(240, new ChangeDetector(classifier, seventeen.subList(0, 16)).transitions().size());
    }

    @Test
    void theModeFollowsTheModelDefinition() {
        assertEquals(ChangeMode.TWO_DATE_MODEL, ChangeMode.forModel("ChangeDetection", null));
        assertEquals(ChangeMode.TWO_DATE_MODEL, ChangeMode.forModel("ImageClassification",
            "ChangeDetector"));
        assertEquals(ChangeMode.CLASS_TRANSITIONS, ChangeMode.forModel("ImageClassification",
            "UnetClassifier"));
        assertEquals(ChangeMode.CLASS_TRANSITIONS, ChangeMode.forModel(null, null));
    }

    private static DetectChangeRequest request(Dates dates, Path out) {
        return DetectChangeRequest.of(dates.from, dates.to, out, List.of(0, 1, 2), 64).withPadding(16)
            .withBatchSize(4);
    }

    private static int expectedTransition(ChangeRaster result, int from, int to) {
        if (from == to) {
            return 0;
        }
        return result.transitions().stream()
            .filter(t -> t.from().value() == from && t.to().value() == to)
            .findFirst().orElseThrow().value();
    }

    private static Path withNoData(Path file, int x, int y, int w, int h) {
        Gdal.init();
        Dataset dataset = gdal.Open(file.toString(), gdalconst.GA_Update);
        try {
            float[] fill = new float[w * h];
            Arrays.fill(fill, -9999f);
            for (int b = 1; b <= BANDS; b++) {
                assertEquals(gdalconst.CE_None, dataset.GetRasterBand(b).SetNoDataValue(-9999));
                assertEquals(gdalconst.CE_None, dataset.GetRasterBand(b).WriteRaster(x, y, w, h, fill));
            }
        } finally {
            dataset.delete();
        }
        return file;
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static Color opaque(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue());
    }

    /** Two dates of one scene with planted truth: per-pixel classes, or change flags. */
    private record Dates(Path from, Path to, int[] fromTruth, int[] toTruth) {

        /**
         * Brightest band per pixel is the class. The second date redraws every value (so raw values
         * change everywhere) but keeps each pixel's class, except in two rectangles: 80 x 60 where
         * the class moves one up, and 60 x 50 that becomes Urban where it was not (Urban stays).
         */
        static Dates classChanges(Path dir, long seed) throws Exception {
            Random random = new Random(seed);
            int[] before = new int[WIDTH * HEIGHT];
            for (int i = 0; i < before.length; i++) {
                before[i] = random.nextInt(BANDS);
            }
            int[] after = before.clone();
            for (int row = 30; row < 90; row++) {
                for (int col = 40; col < 120; col++) {
                    after[row * WIDTH + col] = (before[row * WIDTH + col] + 1) % BANDS;
                }
            }
            for (int row = 150; row < 200; row++) {
                for (int col = 200; col < 260; col++) {
                    int i = row * WIDTH + col;
                    before[i] = random.nextInt(2);   // water or forest ...
                    after[i] = 2;                     // ... built over
                }
            }
            Path from = write(dir.resolve("2020.tif"), before, WIDTH, HEIGHT, TRANSFORM, random);
            Path to = write(dir.resolve("2024.tif"), after, WIDTH, HEIGHT, TRANSFORM, random);
            return new Dates(from, to, before, after);
        }

        /**
         * Random band values; the second date adds 7 to band 0 in a 70 x 40 rectangle (the sums
         * differ: change) and rotates the bands in a 50 x 50 one (same sums: no change).
         * {@code toTruth} is 1 where changed.
         */
        static Dates sumChanges(Path dir, long seed) throws Exception {
            Random random = new Random(seed);
            FloatBands before = FloatBands.zeros(WIDTH, HEIGHT, BANDS);
            for (int i = 0; i < before.values().length; i++) {
                before.values()[i] = random.nextInt(100);
            }
            FloatBands after = new FloatBands(WIDTH, HEIGHT, BANDS, before.values().clone());
            int[] changed = new int[WIDTH * HEIGHT];
            for (int row = 100; row < 140; row++) {
                for (int col = 150; col < 220; col++) {
                    after.set(0, row, col, before.get(0, row, col) + 7);
                    changed[row * WIDTH + col] = 1;
                }
            }
            for (int row = 10; row < 60; row++) {
                for (int col = 10; col < 60; col++) {
                    for (int b = 0; b < BANDS; b++) {
                        after.set(b, row, col, before.get((b + 1) % BANDS, row, col));
                    }
                }
            }
            Path from = dir.resolve("2020.tif");
            Path to = dir.resolve("2024.tif");
            GeoTiffs.write(from, before, TRANSFORM, UTM_33N);
            GeoTiffs.write(to, after, TRANSFORM, UTM_33N);
            return new Dates(from, to, new int[WIDTH * HEIGHT], changed);
        }

        /** A 3-band raster whose brightest band per pixel is {@code classes}; never a tie. */
        static Path write(Path file, int[] classes, int width, int height, GeoTransform transform,
                          Random random) throws Exception {
            FloatBands pixels = FloatBands.zeros(width, height, BANDS);
            for (int row = 0; row < height; row++) {
                for (int col = 0; col < width; col++) {
                    int winner = classes[row * width + col];
                    for (int b = 0; b < BANDS; b++) {
                        pixels.set(b, row, col, b == winner ? 101 + random.nextInt(100)
                            : random.nextInt(100));
                    }
                }
            }
            GeoTiffs.write(file, pixels, transform, UTM_33N);
            return file;
        }
    }
}
