package org.rasterhub.runner.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.testmodels.TinyDetectionModels;
import org.rasterhub.runner.testmodels.TinyDetectionModels.Outputs;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * Detect Objects in work units: bands of tile rows detected on their own, their detections stored
 * and read back, and suppressed together at the merge, find what one whole run finds, objects on the
 * seams between units included, and write the same features.
 */
class DetectRowsTest {
    private static final int TILE = 64;
    private static final List<ModelClass> CLASSES = List.of(
        new ModelClass(1, "car", 255, 0, 0), new ModelClass(2, "boat", 0, 0, 255));

    @TempDir static Path models;
    @TempDir Path tmp;

    private static OnnxModel detector;

    @BeforeAll
    static void loadModel() throws Exception {
        detector = OnnxModel.load(TinyOnnxModels.write(models.resolve("squares.onnx"),
            TinyDetectionModels.squareDetector(2, TILE, PlantedSquares.SIZE, 50, 1, Outputs.FLOAT_CLASSES)));
    }

    @AfterAll
    static void closeModel() {
        detector.close();
    }

    // Tile 64, padding 16: 7 × 5 tiles whose cores start at multiples of 32. Units of rows 0-1, 2, 3-4:
    // the seams between units are at y = 64 and y = 96.
    private PlantedSquares scene() throws Exception {
        return PlantedSquares.scene(200, 160)
            .square(58, 58, 2)          // centre (64, 64): four tiles and two units meet
            .square(100, 90, 1)         // centre (106, 96): on the second unit seam
            .square(26, 40, 1)          // centre (32, 46): on a vertical seam inside a unit
            .square(140, 146, 2)        // near the bottom edge
            .square(150, 70, 1)         // inside one core
            .write(tmp.resolve("scene.tif"));
    }

    @Test
    void unitsSuppressedTogetherFindWhatTheWholeRunFindsAndWriteTheSameFeatures() throws Exception {
        for (boolean excludePad : new boolean[] {true, false}) {
            PlantedSquares scene = scene();
            DetectedObjects whole = new ObjectDetector(detector, CLASSES)
                .detect(request(scene, "whole").withExcludePadDetections(excludePad), Progress.NONE);

            List<Detection> all = new ArrayList<>();
            int[][] units = {{3, 5}, {0, 2}, {2, 3}};   // worked in any order, merged in row order
            List<Path> files = new ArrayList<>();
            for (int[] rows : units) {
                List<Detection> found = new ObjectDetector(detector, CLASSES).detectRows(
                    request(scene, "unit").withExcludePadDetections(excludePad), rows[0], rows[1], Progress.NONE);
                Path file = tmp.resolve("rows-" + rows[0] + ".detections");
                DetectionsFile.write(file, found);
                files.add(file);
            }
            for (int i : new int[] {1, 2, 0}) {
                all.addAll(DetectionsFile.read(files.get(i)));
            }
            DetectedObjects merged = ObjectDetector.writer(CLASSES, new StageTimes())
                .write(request(scene, "merged").withExcludePadDetections(excludePad), all, 35, Progress.NONE);

            assertEquals(5, whole.count(), "the whole run finds every square once (pad kept: " + !excludePad + ")");
            assertEquals(whole.detections(), merged.detections(), "pad detections excluded: " + excludePad);
            assertEquals(whole.perClass(), merged.perClass());
            assertArrayEquals(Files.readAllBytes(whole.geoJson()), Files.readAllBytes(merged.geoJson()),
                "the same GeoJSON");
        }
    }

    @Test
    void aDamagedOrForeignDetectionsFileIsRefused() throws Exception {
        Path file = tmp.resolve("unit.detections");
        DetectionsFile.write(file, List.of(new Detection(new PixelBox(1, 2, 3, 4), 1, 0.5f),
            new Detection(new PixelBox(5, 6, 7, 8), 2, 0.75f)));
        assertEquals(2, DetectionsFile.read(file).size());

        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(tmp.resolve("cut.detections"), java.util.Arrays.copyOf(bytes, bytes.length - 3));
        Path foreign = Files.write(tmp.resolve("foreign.detections"), "not detections at all".getBytes());

        IOException cutShort = assertThrows(IOException.class, () -> DetectionsFile.read(cut));
        IOException other = assertThrows(IOException.class, () -> DetectionsFile.read(foreign));
        assertTrue(cutShort.getMessage().contains("cut short"), cutShort.getMessage());
        assertTrue(other.getMessage().contains("not a detections file"), other.getMessage());
    }

    @Test
    void rowsOutsideTheGridAreRefused() throws Exception {
        PlantedSquares scene = scene();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ObjectDetector(
            detector, CLASSES).detectRows(request(scene, "x"), 4, 6, Progress.NONE));
        assertTrue(e.getMessage().contains("outside the grid's 5 rows"), e.getMessage());
    }

    private DetectObjectsRequest request(PlantedSquares scene, String name) {
        return DetectObjectsRequest.of(scene.file(), tmp.resolve(name + ".gpkg"), tmp.resolve(name + ".geojson"),
            List.of(0, 1), TILE);
    }
}
