package org.rasterhub.runner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.classify.ModelOutputException;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.testmodels.TinyDetectionModels;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * Detectors exported as YOLO exports them by default, with the decoding left out of the graph (issue
 * #14): the runner decodes {@code [N, 4 + C, anchors]} (YOLOv8) and {@code [N, anchors, 5 + C]}
 * (YOLOv5), thresholds and suppresses, and finds every planted object once, on its exact box.
 */
class YoloDecodingTest {
    private static final int TILE = 64;
    private static final int PADDING = 16;
    private static final int CELL = 8;
    // .emd class values need not be the indexes: YOLO's index c is the c-th class of the file.
    private static final List<ModelClass> CLASSES = List.of(new ModelClass(10, "tree", 0, 160, 0),
        new ModelClass(20, "roof", 200, 40, 40));

    @TempDir Path tmp;

    /** Cells (column, row in cells of 8 pixels) and the class index planted in each. */
    private record Planted(int cellX, int cellY, int classIndex) {
        PixelBox box() {
            return new PixelBox(cellX * CELL, cellY * CELL, cellX * CELL + CELL, cellY * CELL + CELL);
        }
    }

    private static final List<Planted> PLANTED = List.of(
        new Planted(3, 5, 0),     // x 24-32: its centre 28 lies in the first tile's core
        new Planted(4, 4, 1),     // x 32-40, y 32-40: where four tiles meet
        new Planted(0, 0, 0),     // the raster's corner
        new Planted(20, 15, 1),   // near the right and bottom edges of 168 x 128
        new Planted(12, 7, 0),
        new Planted(13, 7, 1));   // touching the previous one: a different class is no duplicate

    @Test
    void aYolov8HeadIsDecodedToEveryPlantedObjectOnceWithItsClassAndBox() throws Exception {
        List<Detection> found = detect(TinyDetectionModels.yoloHead(2, TILE, CELL, null), 0.5);

        assertFound(found, 1f);
    }

    @Test
    void aYolov5HeadMultipliesObjectnessWithTheClassScore() throws Exception {
        List<Detection> found = detect(TinyDetectionModels.yoloHead(2, TILE, CELL, 0.75f), 0.5);

        assertFound(found, 0.75f);
    }

    @Test
    void theThresholdAppliesToObjectnessTimesClassScore() throws Exception {
        assertEquals(List.of(), detect(TinyDetectionModels.yoloHead(2, TILE, CELL, 0.75f), 0.8));
    }

    @Test
    void aHeadWhoseRowsDoNotMatchTheClassesIsRefusedNamingBothLayouts() throws Exception {
        // Three classes in the .emd, two in the head: neither 4 + 3 rows nor 5 + 3 columns.
        ModelOutputException e = assertThrows(ModelOutputException.class, () -> detect(
            TinyDetectionModels.yoloHead(2, TILE, CELL, null), 0.5, List.of(CLASSES.get(0), CLASSES.get(1),
                new ModelClass(30, "road", 90, 90, 90))));

        assertTrue(e.getMessage().contains("fits neither YOLO layout for 3 classes"), e.getMessage());
        assertTrue(e.getMessage().contains("[N, K, 4]") || e.getMessage().contains("detection_boxes"),
            e.getMessage());
    }

    @Test
    void anInt64RankThreeOutputIsNoYoloHead() throws Exception {
        ModelOutputException e = assertThrows(ModelOutputException.class, () -> detect(
            TinyOnnxModels.brightestBandWinsAnyBatch(2), 0.5));

        assertTrue(e.getMessage().contains("YOLO head"), e.getMessage());
    }

    private static void assertFound(List<Detection> found, float confidence) {
        List<String> problems = new ArrayList<>();
        for (Planted p : PLANTED) {
            int value = CLASSES.get(p.classIndex()).value();
            long matches = found.stream().filter(d -> d.classValue() == value && d.box().equals(p.box())).count();
            if (matches != 1) {
                problems.add(p + " found " + matches + " times");
            }
        }
        if (found.size() != PLANTED.size()) {
            problems.add(found.size() + " detections for " + PLANTED.size() + " objects: "
                + found.stream().sorted(Comparator.comparingDouble(d -> d.box().minX())).toList());
        }
        found.forEach(d -> {
            if (d.score() != confidence) {
                problems.add("confidence " + d.score() + " of " + d);
            }
        });
        assertEquals(List.of(), problems);
    }

    private List<Detection> detect(byte[] model, double threshold) throws Exception {
        return detect(model, threshold, CLASSES);
    }

    private List<Detection> detect(byte[] model, double threshold, List<ModelClass> classes) throws Exception {
        FloatBands pixels = FloatBands.zeros(168, 128, 2);
        for (Planted p : PLANTED) {
            for (int row = p.cellY() * CELL; row < (p.cellY() + 1) * CELL; row++) {
                for (int col = p.cellX() * CELL; col < (p.cellX() + 1) * CELL; col++) {
                    pixels.set(p.classIndex(), row, col, 200);
                }
            }
        }
        Path scene = tmp.resolve("scene.tif");
        GeoTiffs.write(scene, pixels, PlantedSquares.TRANSFORM, PlantedSquares.EPSG);
        try (OnnxModel loaded = OnnxModel.load(TinyOnnxModels.write(tmp.resolve("yolo.onnx"), model))) {
            return new ObjectDetector(loaded, classes).detect(DetectObjectsRequest.of(scene, tmp.resolve("o.gpkg"),
                tmp.resolve("o.geojson"), List.of(0, 1), TILE).withPadding(PADDING).withBatchSize(3)
                .withThreshold(threshold).withNmsOverlap(0.5), Progress.NONE).detections();
        }
    }
}
