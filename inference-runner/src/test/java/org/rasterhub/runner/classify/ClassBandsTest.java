package org.rasterhub.runner.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.testmodels.TinyOnnxModels;
import org.rasterhub.runner.tiling.TileGrid;
import org.rasterhub.runner.tiling.Window;

/**
 * Work units of Classify Pixels: a class raster made from bands of tile rows, each classified on its
 * own and in any order, is byte for byte the file one whole classification writes.
 */
class ClassBandsTest {
    private static final int WIDTH = 300;
    private static final int HEIGHT = 220;

    @TempDir static Path models;
    @TempDir Path tmp;

    private static OnnxModel scoresModel;

    @BeforeAll
    static void loadModel() throws Exception {
        // Scores, not a class map: the argmax and the padding around each tile both cross the bands' edges.
        scoresModel = OnnxModel.load(TinyOnnxModels.write(models.resolve("scores.onnx"),
            TinyOnnxModels.brightestBandScores(Scene.BANDS)));
    }

    @AfterAll
    static void closeModel() {
        scoresModel.close();
    }

    @Test
    void bandsWorkedInAnyOrderMergeIntoTheWholeRunsFileByteForByte() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 7L)
            .withNoData(-9999, 90, 60, 50, 40);
        Path whole = tmp.resolve("whole.tif");
        new PixelClassifier(scoresModel, Scene.CLASSES).classify(request(scene.file(), whole), Progress.NONE);

        TileGrid grid = new TileGrid(WIDTH, HEIGHT, 64, 16);
        Path merged = tmp.resolve("merged.tif");
        ClassifiedRaster raster = ClassBands.merge(request(scene.file(), merged),
            bands(scene.file(), null, new int[] {0, 2, 3, grid.rows()}), Scene.CLASSES, new StageTimes());

        assertEquals(0, scene.wrongPixels(whole), "the whole run is right to begin with");
        assertEquals(grid.size(), raster.tiles());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(merged), "merged COG differs from the whole run's");
    }

    @Test
    void bandsOfAProcessingWindowMergeIntoTheWholeRunsFile() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 11L);
        Window window = new Window(37, 21, 201, 170);
        Path whole = tmp.resolve("whole.tif");
        new PixelClassifier(scoresModel, Scene.CLASSES).classify(
            request(scene.file(), whole).withProcessingWindow(window), Progress.NONE);

        TileGrid grid = new TileGrid(window.width(), window.height(), 64, 16);
        assertTrue(grid.rows() >= 4, "the test needs several tile rows, got " + grid.rows());
        List<BandFile> bands = new ArrayList<>();
        for (int row = 0; row < grid.rows(); row++) {
            bands.add(band(scene.file(), window, row, row + 1));
        }
        Path merged = tmp.resolve("merged.tif");
        ClassBands.merge(request(scene.file(), merged).withProcessingWindow(window), bands, Scene.CLASSES,
            new StageTimes());

        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(merged), "merged COG differs from the whole run's");
    }

    @Test
    void bandsThatLeaveARowOutOrOverlapAreRefusedAndLeaveNoFile() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 3L);
        TileGrid grid = new TileGrid(WIDTH, HEIGHT, 64, 16);
        BandFile first = band(scene.file(), null, 0, 2);
        BandFile rest = band(scene.file(), null, 3, grid.rows());
        Path out = tmp.resolve("merged.tif");

        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class, () -> ClassBands.merge(
            request(scene.file(), out), List.of(first, rest), Scene.CLASSES, new StageTimes()));
        IllegalArgumentException shortOfTheEnd = assertThrows(IllegalArgumentException.class, () -> ClassBands.merge(
            request(scene.file(), out), List.of(first), Scene.CLASSES, new StageTimes()));
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> band(scene.file(), null,
            grid.rows() - 1, grid.rows() + 1));

        assertTrue(gap.getMessage().contains("expected row 2, got 3"), gap.getMessage());
        assertTrue(shortOfTheEnd.getMessage().contains("cover 2 of " + grid.rows()), shortOfTheEnd.getMessage());
        assertTrue(outside.getMessage().contains("outside the grid"), outside.getMessage());
        assertFalse(Files.exists(out), "no output file after a refused merge");
    }

    @Test
    void probabilityRastersAreNotClassBands() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 3L);
        ClassifyPixelsRequest probabilities = request(scene.file(), tmp.resolve("p.tif"))
            .withProduct(new PixelProduct.Probabilities(false));

        assertThrows(IllegalArgumentException.class, () -> new ClassBands(
            new PixelClassifier(scoresModel, Scene.CLASSES)).classify(probabilities, 0, 1, Progress.NONE));
    }

    /** Bands between the given tile rows, worked last first. */
    private List<BandFile> bands(Path scene, Window window, int[] rows) throws Exception {
        List<BandFile> bands = new ArrayList<>();
        for (int i = rows.length - 2; i >= 0; i--) {
            bands.add(0, band(scene, window, rows[i], rows[i + 1]));
        }
        return bands;
    }

    private BandFile band(Path scene, Window window, int firstRow, int endRow) throws Exception {
        ClassifyPixelsRequest request = request(scene, tmp.resolve("unused.tif"));
        if (window != null) {
            request = request.withProcessingWindow(window);
        }
        // A fresh classifier per band, as on another runner.
        byte[] values = new ClassBands(new PixelClassifier(scoresModel, Scene.CLASSES))
            .classify(request, firstRow, endRow, Progress.NONE);
        Path file = Files.write(tmp.resolve("band-" + firstRow + "-" + endRow), values);
        return new BandFile(firstRow, endRow, file);
    }

    private static ClassifyPixelsRequest request(Path input, Path output) {
        return ClassifyPixelsRequest.of(input, output, List.of(0, 1, 2), 64).withPadding(16).withBatchSize(3);
    }
}
