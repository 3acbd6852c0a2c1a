package org.rasterhub.runner.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.testmodels.TinyDetectionModels;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * The tools as the runner works them: a run split into work units ({@link ToolExecution#workUnits}),
 * its units worked in any order ({@link ToolExecution#runUnit}) and merged, makes the files of the run
 * worked whole ({@link ToolExecution#execute}), over a collection of two rasters.
 */
class WorkUnitExecutionTest {
    private static final int SQUARE = 12;

    @TempDir static Path models;
    @TempDir Path tmp;

    private static OnnxModel classifier;
    private static OnnxModel detector;

    @BeforeAll
    static void loadModels() throws Exception {
        classifier = OnnxModel.load(TinyOnnxModels.write(models.resolve("classes.onnx"),
                TinyOnnxModels.brightestBandScores(2)));
        detector = OnnxModel.load(TinyOnnxModels.write(models.resolve("squares.onnx"),
                TinyDetectionModels.squareDetector(2, 64, SQUARE, 50, 1, TinyDetectionModels.Outputs.FLOAT_CLASSES)));
    }

    @AfterAll
    static void closeModels() {
        classifier.close();
        detector.close();
    }

    @Test
    void aClassRasterInUnitsIsTheWholeRunsFileByteForByte() throws Exception {
        RunPlan plan = plan(Tool.CLASSIFY_PIXELS, List.of(new ModelClass(0, "dark", 0, 0, 0),
                new ModelClass(1, "bright", 255, 255, 255)));
        List<byte[]> whole = bytes(new ClassifyPixelsExecution().execute(plan, RunPlan.Input::location, classifier,
                Files.createDirectory(tmp.resolve("whole")), done -> { }, new StageTimes()));
        List<byte[]> merged = bytes(inUnits(new ClassifyPixelsExecution(), plan, classifier));

        assertEquals(2, whole.size());
        for (int i = 0; i < whole.size(); i++) {
            assertArrayEquals(whole.get(i), merged.get(i), "raster " + i);
        }
    }

    @Test
    void detectedObjectsInUnitsAreTheWholeRunsObjectsSeamsIncluded() throws Exception {
        RunPlan plan = plan(Tool.DETECT_OBJECTS, List.of(new ModelClass(1, "car", 255, 0, 0),
                new ModelClass(2, "boat", 0, 0, 255)));
        ToolExecution.Produced whole = new DetectObjectsExecution().execute(plan, RunPlan.Input::location, detector,
                Files.createDirectory(tmp.resolve("whole")), done -> { }, new StageTimes());
        ToolExecution.Produced merged = inUnits(new DetectObjectsExecution(), plan, detector);

        assertEquals(4, whole.files().size(), "a GeoPackage and a GeoJSON per raster");
        assertEquals(whole.summary(), merged.summary(), "objects per class");
        for (int i = 0; i < whole.files().size(); i++) {
            ToolExecution.File w = whole.files().get(i);
            ToolExecution.File m = merged.files().get(i);
            assertEquals(w.fileName(), m.fileName());
            assertEquals(w.featureCount(), m.featureCount(), w.fileName());
            if (w.fileName().endsWith(".geojson")) {
                assertArrayEquals(Files.readAllBytes(w.path()), Files.readAllBytes(m.path()), w.fileName());
            }
        }
        assertEquals(5, whole.files().get(0).featureCount(), "every planted square found once");
    }

    /** Splits the run into units of one tile row, works them last first, and merges them. */
    private ToolExecution.Produced inUnits(ToolExecution tool, RunPlan plan, InferenceModel model) throws Exception {
        Path work = Files.createDirectory(tmp.resolve("units"));
        List<WorkUnit> units = tool.workUnits(plan, RunPlan.Input::location, 7);
        assertEquals(10, units.size(), "5 tile rows of 7 tiles in each of 2 rasters: " + units);
        List<ToolExecution.UnitOutput> outputs = new ArrayList<>();
        for (int i = units.size() - 1; i >= 0; i--) {
            Path output = tool.runUnit(plan, RunPlan.Input::location, model, units.get(i), work, done -> { },
                    new StageTimes());
            outputs.add(0, new ToolExecution.UnitOutput(units.get(i), output));
        }
        return tool.merge(plan, RunPlan.Input::location, outputs, work, new StageTimes());
    }

    private RunPlan plan(Tool tool, List<ModelClass> classes) throws Exception {
        List<RunPlan.Input> inputs = List.of(raster("first.tif", 0), raster("second.tif", 40));
        EffectiveArguments arguments = new EffectiveArguments(64, 16, 3, "CPU", null, List.of(0, 1), null, 0.5, 0.1,
                true, null, null, null, null, null, null, null, null, null);
        return new RunPlan(42, tool, new ContentHash("ab".repeat(32)), "model.onnx", "ObjectDetection", inputs, classes,
                arguments);
    }

    // 200 × 160 pixels, 7 × 5 tiles of 64 with 16 of padding; squares on the seams of tile rows (units).
    private RunPlan.Input raster(String name, int shift) throws Exception {
        FloatBands bands = FloatBands.zeros(200, 160, 2);
        int[][] squares = {{58 + shift, 58, 2}, {100, 90, 1}, {26, 40 + shift, 1}, {140, 146, 2}, {150 - shift, 70, 1}};
        for (int[] s : squares) {
            for (int row = s[1]; row < s[1] + SQUARE; row++) {
                for (int col = s[0]; col < s[0] + SQUARE; col++) {
                    bands.set(s[2] - 1, row, col, 1f);
                }
            }
        }
        Path file = tmp.resolve(name);
        GeoTiffs.write(file, bands, GeoTransform.northUp(500_000, 5_800_000, 10, 10), 32633);
        return new RunPlan.Input(RunInput.Role.RASTER, ContentHash.ofFile(file), name, file, false);
    }

    private static List<byte[]> bytes(ToolExecution.Produced produced) throws Exception {
        List<byte[]> bytes = new ArrayList<>();
        for (ToolExecution.File file : produced.files()) {
            bytes.add(Files.readAllBytes(file.path()));
        }
        return bytes;
    }
}
