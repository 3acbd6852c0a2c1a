package org.rasterhub.runner.classify;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.RandomAccessFile;
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
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoRaster;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

class PixelClassifierTest {
    private static final int UTM_33N = 32633;
    private static final int BANDS = 3;
    private static final int WIDTH = 300;
    private static final int HEIGHT = 220;
    private static final GeoTransform TRANSFORM = GeoTransform.northUp(500_000, 5_800_000, 10, 10);
    private static final List<ModelClass> CLASSES = List.of(
        new ModelClass(0, "water", 0, 0, 255),
        new ModelClass(1, "forest", 0, 128, 0),
        new ModelClass(2, "urban", 200, 30, 40));
    private static final List<Integer> ALL_BANDS = List.of(0, 1, 2);

    @TempDir static Path models;
    @TempDir Path tmp;

    private static OnnxModel classMapModel;
    private static OnnxModel scoresModel;

    @BeforeAll
    static void loadModels() throws Exception {
        classMapModel = OnnxModel.load(TinyOnnxModels.write(models.resolve("wins.onnx"),
            TinyOnnxModels.brightestBandWinsAnyBatch(BANDS)));
        scoresModel = OnnxModel.load(TinyOnnxModels.write(models.resolve("scores.onnx"),
            TinyOnnxModels.brightestBandScores(BANDS)));
    }

    @AfterAll
    static void closeModels() {
        classMapModel.close();
        scoresModel.close();
    }

    @Test
    void classifiesEveryPixelOfAManyTileSceneLikeThePlantedTruth() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 42L);
        Path out = tmp.resolve("classes.tif");

        ClassifiedRaster result = new PixelClassifier(classMapModel, CLASSES).classify(
            request(scene.file(), out), Progress.NONE);

        assertEquals(new ClassifiedRaster(out, WIDTH, HEIGHT, 10 * 7), result);
        assertEquals(0, scene.wrongPixels(out), "wrongly classified pixels of " + WIDTH * HEIGHT);
    }

    @Test
    void floatScoresAreTurnedIntoTheHighestScoringClass() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 7L);
        Path out = tmp.resolve("classes.tif");

        new PixelClassifier(scoresModel, CLASSES).classify(request(scene.file(), out), Progress.NONE);

        assertEquals(0, scene.wrongPixels(out), "wrongly classified pixels of " + WIDTH * HEIGHT);
    }

    @Test
    void aRasterSmallerThanOneTileIsClassifiedWithMirroredPadding() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("small.tif"), 20, 10, 3L);
        Path out = tmp.resolve("classes.tif");

        ClassifiedRaster result = new PixelClassifier(classMapModel, CLASSES).classify(
            request(scene.file(), out), Progress.NONE);

        assertEquals(1, result.tiles());
        assertEquals(0, scene.wrongPixels(out), "wrongly classified pixels of 200");
    }

    @Test
    void scalingByADataRangeKeepsTheBrightestBandWinning() throws Exception {
        // Float32 imagery has no type range: a DataRange leaves its values as stored.
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), 100, 70, 11L);
        Path out = tmp.resolve("classes.tif");

        new PixelClassifier(classMapModel, CLASSES).classify(
            request(scene.file(), out).withScaling(new InputScaling.TypeRange(0, 200)), Progress.NONE);

        assertEquals(0, scene.wrongPixels(out));
    }

    @Test
    void theOutputKeepsTheInputsCrsAndGeotransform() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 42L);
        Path out = tmp.resolve("classes.tif");

        new PixelClassifier(classMapModel, CLASSES).classify(request(scene.file(), out), Progress.NONE);
        GeoRaster read = GeoTiffs.read(out);

        assertAll(
            () -> assertEquals(OptionalInt.of(UTM_33N), read.crs().epsg()),
            () -> assertArrayEquals(TRANSFORM.toGdal(), read.transform().toGdal()));
    }

    @Test
    void theOutputIsADeflateCompressedCloudOptimizedByteGeoTiffWithTheClassColours() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 42L);
        Path out = tmp.resolve("classes.tif");

        new PixelClassifier(classMapModel, CLASSES).classify(request(scene.file(), out), Progress.NONE);

        Gdal.init();
        Dataset dataset = gdal.Open(out.toString(), gdalconst.GA_ReadOnly);
        try {
            Band band = dataset.GetRasterBand(1);
            ColorTable colours = band.GetRasterColorTable();
            Double[] noData = new Double[1];
            band.GetNoDataValue(noData);
            assertAll(
                () -> assertEquals("GTiff", dataset.GetDriver().getShortName()),
                () -> assertEquals(1, dataset.GetRasterCount()),
                () -> assertEquals(gdalconst.GDT_Byte, band.getDataType()),
                () -> assertEquals("COG", dataset.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE")),
                () -> assertEquals("DEFLATE", dataset.GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE")),
                () -> assertEquals(512, band.GetBlockXSize(), "block width"),
                () -> assertEquals(512, band.GetBlockYSize(), "block height"),
                () -> assertEquals(255.0, noData[0], "nodata"),
                () -> assertEquals(gdalconst.GCI_PaletteIndex, band.GetRasterColorInterpretation()),
                () -> assertEquals(new Color(0, 0, 255), opaque(colours.GetColorEntry(0))),
                () -> assertEquals(new Color(0, 128, 0), opaque(colours.GetColorEntry(1))),
                () -> assertEquals(new Color(200, 30, 40), opaque(colours.GetColorEntry(2))));
        } finally {
            dataset.delete();
        }
    }

    @Test
    void pixelsThatAreNodataInEveryBandBecomeNodataInTheOutput() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 42L)
            .withNoData(-9999, 100, 50, 40, 30);
        Path out = tmp.resolve("classes.tif");

        new PixelClassifier(classMapModel, CLASSES).classify(request(scene.file(), out), Progress.NONE);

        assertEquals(0, scene.wrongPixels(out), "wrong pixels, nodata counted as class 255");
        assertEquals(255f, GeoTiffs.read(out).pixels().get(0, 50, 100), "first nodata pixel");
    }

    @Test
    void nanAsNodataIsRecognisedToo() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 42L)
            .withNoData(Double.NaN, 250, 200, 50, 20);
        Path out = tmp.resolve("classes.tif");

        new PixelClassifier(classMapModel, CLASSES).classify(request(scene.file(), out), Progress.NONE);

        assertEquals(0, scene.wrongPixels(out), "wrong pixels, nodata counted as class 255");
    }

    @Test
    void aRasterLargerThanOneCogBlockGetsOverviewsHoldingOnlyClassValues() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("large.tif"), 1100, 700, 9L);
        Path out = tmp.resolve("classes.tif");

        new PixelClassifier(classMapModel, CLASSES).classify(
            ClassifyPixelsRequest.of(scene.file(), out, ALL_BANDS, 256).withBatchSize(2),
            Progress.NONE);

        assertEquals(0, scene.wrongPixels(out));
        Dataset dataset = gdal.Open(out.toString(), gdalconst.GA_ReadOnly);
        try {
            Band band = dataset.GetRasterBand(1);
            assertEquals("COG", dataset.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE"));
            assertTrue(band.GetOverviewCount() >= 1, "overviews: " + band.GetOverviewCount());
            Band overview = band.GetOverview(0);
            byte[] values = new byte[overview.getXSize() * overview.getYSize()];
            assertEquals(gdalconst.CE_None, overview.ReadRaster(0, 0, overview.getXSize(),
                overview.getYSize(), values));
            for (byte v : values) {
                assertTrue(v >= 0 && v <= 2, "overview value " + v + " is no class");
            }
        } finally {
            dataset.delete();
        }
    }

    @Test
    void progressCountsTilesUpToTheTotal() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 42L);
        List<Long> done = new ArrayList<>();
        List<Long> totals = new ArrayList<>();

        new PixelClassifier(classMapModel, CLASSES).classify(request(scene.file(),
            tmp.resolve("classes.tif")), (stage, d, total) -> {
                if (PixelClassifier.STAGE.equals(stage)) {
                    done.add(d);
                    totals.add(total);
                }
            });

        // 70 tiles in batches of 4: 0, 4, 8, ..., 68, 70
        assertEquals(0L, done.get(0));
        assertEquals(70L, done.get(done.size() - 1));
        assertEquals(1 + 18, done.size(), "one update before the first batch and one per batch");
        assertTrue(totals.stream().allMatch(t -> t == 70L), totals.toString());
    }

    @Test
    void anExtractBandTheRasterLacksFailsNamingTheBandCountAndWritesNothing() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), 40, 30, 1L);
        Path out = tmp.resolve("classes.tif");

        RasterIoException e = assertThrows(RasterIoException.class, () ->
            new PixelClassifier(classMapModel, CLASSES).classify(
                ClassifyPixelsRequest.of(scene.file(), out, List.of(0, 1, 5), 64), Progress.NONE));

        assertEquals(scene.file(), e.file());
        assertTrue(e.getMessage().contains("band 5"), e.getMessage());
        assertTrue(e.getMessage().contains("has 3 band(s)"), e.getMessage());
        assertFalse(Files.exists(out), "no output may be written");
    }

    @Test
    void aTruncatedInputFailsNamingTheFileAndLeavesNoOutput() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 42L);
        try (RandomAccessFile file = new RandomAccessFile(scene.file().toFile(), "rw")) {
            file.setLength(file.length() / 3);
        }
        Path out = tmp.resolve("classes.tif");

        RasterIoException e = assertThrows(RasterIoException.class, () ->
            new PixelClassifier(classMapModel, CLASSES).classify(request(scene.file(), out),
                Progress.NONE));

        assertEquals(scene.file(), e.file());
        assertTrue(e.getMessage().startsWith(scene.file() + ": "), e.getMessage());
        assertFalse(Files.exists(out), "no output may be left");
        assertFalse(Files.exists(tmp.resolve("classes.tif.part.tif")), "no temporary file may be left");
    }

    @Test
    void aGarbageInputFailsNamingTheFile() throws Exception {
        Path garbage = tmp.resolve("garbage.tif");
        byte[] bytes = new byte[4096];
        new Random(5).nextBytes(bytes);
        Files.write(garbage, bytes);

        RasterIoException e = assertThrows(RasterIoException.class, () ->
            new PixelClassifier(classMapModel, CLASSES).classify(
                request(garbage, tmp.resolve("classes.tif")), Progress.NONE));

        assertEquals(garbage, e.file());
        assertTrue(e.getMessage().contains("could not open it as a raster"), e.getMessage());
    }

    @Test
    void aBatchLargerThanTheModelsFixedBatchDimensionIsReportedByTheEngine() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), 100, 70, 1L);
        Path out = tmp.resolve("classes.tif");
        try (OnnxModel batchOfOne = OnnxModel.load(TinyOnnxModels.write(tmp.resolve("one.onnx"),
                TinyOnnxModels.brightestBandWins(BANDS)))) {

            InferenceException e = assertThrows(InferenceException.class, () ->
                new PixelClassifier(batchOfOne, CLASSES).classify(request(scene.file(), out),
                    Progress.NONE));

            assertArrayEquals(new long[] {4, 3, 64, 64}, e.inputShape());
            assertFalse(Files.exists(out), "no output may be left");
        }
    }

    @Test
    void anOutputNoWholeStrideMapsOntoTheTileIsRejectedListingTheAcceptedShapes() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), 40, 30, 1L);
        try (OnnxModel cropped = OnnxModel.load(TinyOnnxModels.write(tmp.resolve("cropped.onnx"),
                TinyOnnxModels.brightestBandScoresCropped(BANDS, 3)))) {

            ModelOutputException e = assertThrows(ModelOutputException.class, () ->
                new PixelClassifier(cropped, CLASSES).classify(
                    ClassifyPixelsRequest.of(scene.file(), tmp.resolve("classes.tif"), ALL_BANDS, 64),
                    Progress.NONE));

            assertArrayEquals(new long[] {1, 3, 58, 58}, e.outputShape());
            assertTrue(e.getMessage().contains("where S is the tile (64), its core (32) or either divided by a whole"
                + " number"), e.getMessage());
        }
    }

    @Test
    void aClassValueThatAByteRasterCannotHoldIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PixelClassifier(classMapModel,
            List.of(new ModelClass(255, "cloud", 255, 255, 255))));

        assertTrue(e.getMessage().contains("\"cloud\" has value 255"), e.getMessage());
    }

    private static ClassifyPixelsRequest request(Path input, Path output) {
        return ClassifyPixelsRequest.of(input, output, ALL_BANDS, 64).withPadding(16).withBatchSize(4);
    }

    private static Color opaque(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue());
    }
}
