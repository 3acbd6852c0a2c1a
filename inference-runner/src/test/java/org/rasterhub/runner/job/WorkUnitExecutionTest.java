package org.rasterhub.runner.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
import org.rasterhub.runner.testmodels.TinyChangeModels;
import org.rasterhub.runner.testmodels.TinyDetectionModels;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * The tools as the runner works them: a run split into work units ({@link ToolExecution#workUnits}),
 * its units worked in any order ({@link ToolExecution#runUnit}) and merged, makes the files of the run
 * worked whole ({@link ToolExecution#execute}), over a collection of two rasters (two dates for Detect
 * Change).
 */
class WorkUnitExecutionTest {
    private static final int SQUARE = 12;

    @TempDir static Path models;
    @TempDir Path tmp;

    private static final List<ModelClass> BANDS = List.of(new ModelClass(0, "first band", 0, 0, 255),
            new ModelClass(1, "second band", 255, 0, 0));

    private static OnnxModel classifier;
    private static OnnxModel detector;
    private static OnnxModel scores;
    private static OnnxModel regression;
    private static OnnxModel twoDate;

    @BeforeAll
    static void loadModels() throws Exception {
        classifier = OnnxModel.load(TinyOnnxModels.write(models.resolve("classes.onnx"),
                TinyOnnxModels.brightestBandScores(2)));
        detector = OnnxModel.load(TinyOnnxModels.write(models.resolve("squares.onnx"),
                TinyDetectionModels.squareDetector(2, 64, SQUARE, 50, 1, TinyDetectionModels.Outputs.FLOAT_CLASSES)));
        // Scores of 2 × band, so that their softmax is a probability between 0 and 1, not 0 or 1.
        scores = OnnxModel.load(TinyOnnxModels.write(models.resolve("scores.onnx"),
                TinyOnnxModels.scaledBandScores(2, 2f, false, 0)));
        regression = OnnxModel.load(TinyOnnxModels.write(models.resolve("values.onnx"),
                TinyOnnxModels.weightedBandSum(new float[] {3f, -2f}, 0.25f)));
        twoDate = OnnxModel.load(TinyOnnxModels.write(models.resolve("change.onnx"),
                TinyChangeModels.bandSumsDiffer(2)));
    }

    @AfterAll
    static void closeModels() {
        classifier.close();
        detector.close();
        scores.close();
        regression.close();
        twoDate.close();
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
    void aProbabilityRasterInUnitsIsTheWholeRunsFileByteForByte() throws Exception {
        RunPlan plan = plan(Tool.CLASSIFY_PIXELS, BANDS, collection(),
                arguments(null, PixelProductArguments.EVERY_CLASS, null, null));

        assertUnitsMakeTheWholeRunsFiles(new ClassifyPixelsExecution(), plan, scores, 10, 2);
        // A unit holds its Float32 bands in memory until stored: 4 bytes a class where classes take 1 byte.
        int rowOfTiles = 7 * 4 * BANDS.size();
        assertEquals(10, new ClassifyPixelsExecution().workUnits(plan, RunPlan.Input::location, rowOfTiles).size(),
                "one tile row a unit, where a class raster's unit would take 4 x classes rows");
    }

    @Test
    void aValueRasterInUnitsIsTheWholeRunsFileByteForByte() throws Exception {
        RunPlan plan = plan(Tool.CLASSIFY_PIXELS, List.of(), collection(),
                arguments(null, null, "height (m)", 10.0));

        assertUnitsMakeTheWholeRunsFiles(new ClassifyPixelsExecution(), plan, regression, 10, 2);
    }

    @Test
    void classTransitionsInUnitsAreTheWholeRunsChangeRasterByteForByte() throws Exception {
        RunPlan plan = plan(Tool.DETECT_CHANGE, BANDS, dates(), arguments("CLASS_TRANSITIONS", null, null, null));

        Path whole = assertUnitsMakeTheWholeRunsFiles(new DetectChangeExecution(), plan, classifier, 5, 1);

        assertEquals(Set.of(0f, 1f, 2f), values(whole), "no change, and squares moved both ways");
    }

    @Test
    void aTwoDateModelsChangeInUnitsIsTheWholeRunsFileByteForByte() throws Exception {
        RunPlan plan = plan(Tool.DETECT_CHANGE, List.of(new ModelClass(0, "no change", 0, 0, 0),
                new ModelClass(1, "change", 255, 0, 0)), dates(), arguments("TWO_DATE_MODEL", null, null, null));

        Path whole = assertUnitsMakeTheWholeRunsFiles(new DetectChangeExecution(), plan, twoDate, 5, 1);

        assertEquals(Set.of(0f, 1f), values(whole), "the moved squares changed, the rest not");
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

    /**
     * Runs the plan whole and in units, and checks that both make the same files, byte for byte, and the
     * same summary.
     *
     * @return the whole run's first file
     */
    private Path assertUnitsMakeTheWholeRunsFiles(ToolExecution tool, RunPlan plan, InferenceModel model, int units,
                                                  int files) throws Exception {
        ToolExecution.Produced whole = tool.execute(plan, RunPlan.Input::location, model,
                Files.createDirectory(tmp.resolve("whole")), done -> { }, new StageTimes());
        ToolExecution.Produced merged = inUnits(tool, plan, model, units);

        assertEquals(files, whole.files().size());
        List<byte[]> wholeBytes = bytes(whole);
        List<byte[]> mergedBytes = bytes(merged);
        for (int i = 0; i < files; i++) {
            assertEquals(whole.files().get(i).fileName(), merged.files().get(i).fileName());
            assertArrayEquals(wholeBytes.get(i), mergedBytes.get(i), whole.files().get(i).fileName());
        }
        assertEquals(whole.summary(), merged.summary(), "legend");
        return whole.files().get(0).path();
    }

    private ToolExecution.Produced inUnits(ToolExecution tool, RunPlan plan, InferenceModel model) throws Exception {
        return inUnits(tool, plan, model, 10);
    }

    /** Splits the run into units of one tile row, works them last first, and merges them. */
    private ToolExecution.Produced inUnits(ToolExecution tool, RunPlan plan, InferenceModel model, int expected)
            throws Exception {
        Path work = Files.createDirectory(tmp.resolve("units"));
        List<WorkUnit> units = tool.workUnits(plan, RunPlan.Input::location, 7);
        assertEquals(expected, units.size(), "5 tile rows of 7 tiles of each grid: " + units);
        List<ToolExecution.UnitOutput> outputs = new ArrayList<>();
        for (int i = units.size() - 1; i >= 0; i--) {
            Path output = tool.runUnit(plan, RunPlan.Input::location, model, units.get(i), work, done -> { },
                    new StageTimes());
            outputs.add(0, new ToolExecution.UnitOutput(units.get(i), output));
        }
        return tool.merge(plan, RunPlan.Input::location, outputs, work, new StageTimes());
    }

    private RunPlan plan(Tool tool, List<ModelClass> classes) throws Exception {
        return plan(tool, classes, collection(), arguments(null, null, null, null));
    }

    private static RunPlan plan(Tool tool, List<ModelClass> classes, List<RunPlan.Input> inputs,
                                EffectiveArguments arguments) {
        return new RunPlan(42, tool, new ContentHash("ab".repeat(32)), "model.onnx", "ObjectDetection", inputs, classes,
                arguments);
    }

    /** Tiles of 64 with 16 of padding, batches of 3, both bands; the product or change mode as given. */
    private static EffectiveArguments arguments(String changeMode, String probabilityBands, String valueName,
                                                Double valueScale) {
        return new EffectiveArguments(64, 16, 3, "CPU", null, List.of(0, 1), null, 0.5, 0.1, true, null, null,
                changeMode, null, null, null, probabilityBands, valueName, valueScale);
    }

    private List<RunPlan.Input> collection() throws Exception {
        return List.of(raster(RunInput.Role.RASTER, "first.tif", 0), raster(RunInput.Role.RASTER, "second.tif", 40));
    }

    /** The collection's two rasters as two dates of one grid: the squares moved. */
    private List<RunPlan.Input> dates() throws Exception {
        return List.of(raster(RunInput.Role.FROM, "2020.tif", 0), raster(RunInput.Role.TO, "2024.tif", 40));
    }

    // 200 × 160 pixels, 7 × 5 tiles of 64 with 16 of padding; squares on the seams of tile rows (units).
    private RunPlan.Input raster(RunInput.Role role, String name, int shift) throws Exception {
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
        return new RunPlan.Input(role, ContentHash.ofFile(file), name, file, false);
    }

    private static Set<Float> values(Path raster) throws Exception {
        Set<Float> values = new TreeSet<>();
        for (float value : GeoTiffs.read(raster).pixels().values()) {
            values.add(value);
        }
        return values;
    }

    private static List<byte[]> bytes(ToolExecution.Produced produced) throws Exception {
        List<byte[]> bytes = new ArrayList<>();
        for (ToolExecution.File file : produced.files()) {
            bytes.add(Files.readAllBytes(file.path()));
        }
        return bytes;
    }
}
