package org.rasterhub.runner.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.runner.classifyobjects.ObjectClassifier;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.testmodels.TinyDetectionModels;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * Classify Objects as the runner works a large run: its features split into work units per raster,
 * worked last first and merged, make the files and summary of the run worked whole, over a
 * collection of two rasters, with features the model never sees inside units.
 */
class ClassifyObjectsUnitsTest {
    private static final GeoTransform TRANSFORM = GeoTransform.northUp(500_000, 5_800_000, 10, 10);
    private static final List<ModelClass> CLASSES = List.of(new ModelClass(0, "water", 0, 0, 255),
            new ModelClass(1, "forest", 0, 128, 0), new ModelClass(2, "urban", 200, 30, 40));

    /** A feature's pixel rectangle, and the band that is brightest in it (-1: nothing planted). */
    private record Outline(int x, int y, int width, int height, int band) {
    }

    // The extent (pixel rows 0-40, reaching past the raster's right edge) keeps the last four out;
    // the fourth lies right of the raster. With units of 3 features, the second unit holds both kinds.
    private static final List<Outline> OUTLINES = List.of(new Outline(5, 5, 10, 8, 0), new Outline(30, 10, 20, 20, 1),
            new Outline(60, 4, 6, 14, 2), new Outline(200, 10, 5, 5, -1), new Outline(8, 50, 30, 25, 2),
            new Outline(50, 45, 12, 12, 0), new Outline(90, 60, 25, 25, 1), new Outline(100, 50, 3, 3, 1));

    @TempDir static Path models;
    @TempDir Path tmp;

    private static OnnxModel chips;

    @BeforeAll
    static void loadModel() throws Exception {
        chips = OnnxModel.load(TinyOnnxModels.write(models.resolve("chips.onnx"),
                TinyDetectionModels.brightestBandChipClassifier(3)));
    }

    @AfterAll
    static void closeModel() {
        chips.close();
    }

    @Test
    void labelsWorkedInUnitsAreTheWholeRunsFilesAndSummary() throws Exception {
        RunPlan plan = plan();
        ClassifyObjectsExecution tool = new ClassifyObjectsExecution();
        ToolExecution.Produced whole = tool.execute(plan, RunPlan.Input::location, chips,
                Files.createDirectory(tmp.resolve("whole")), done -> { }, new StageTimes());

        List<WorkUnit> units = tool.workUnits(plan, RunPlan.Input::location, 3);
        Path work = Files.createDirectory(tmp.resolve("units"));
        List<ToolExecution.UnitOutput> outputs = new ArrayList<>();
        for (int i = units.size() - 1; i >= 0; i--) {
            Path output = tool.runUnit(plan, RunPlan.Input::location, chips, units.get(i), work, done -> { },
                    new StageTimes());
            outputs.add(0, new ToolExecution.UnitOutput(units.get(i), output));
        }
        ToolExecution.Produced merged = tool.merge(plan, RunPlan.Input::location, outputs, work, new StageTimes());

        assertEquals(List.of(new WorkUnit(0, 0, 0, 2, 2), new WorkUnit(1, 0, 2, 5, 3), new WorkUnit(2, 0, 5, 8, 3),
                new WorkUnit(3, 1, 0, 2, 2), new WorkUnit(4, 1, 2, 5, 3), new WorkUnit(5, 1, 5, 8, 3)), units);
        assertEquals(whole.summary(), merged.summary(), "objects per class and unclassified");
        assertEquals(4, whole.files().size(), "a GeoPackage and a GeoJSON per raster");
        for (int i = 0; i < whole.files().size(); i++) {
            ToolExecution.File w = whole.files().get(i);
            ToolExecution.File m = merged.files().get(i);
            assertEquals(w.fileName(), m.fileName());
            assertEquals(OUTLINES.size(), m.featureCount(), w.fileName());
            assertEquals(w.featureCount(), m.featureCount(), w.fileName());
            if (w.fileName().endsWith(".geojson")) {
                assertArrayEquals(Files.readAllBytes(w.path()), Files.readAllBytes(m.path()), w.fileName());
            }
        }
        String geoJson = Files.readString(whole.files().get(1).path(), StandardCharsets.UTF_8);
        assertTrue(geoJson.contains(ObjectClassifier.OUTSIDE_RASTER), geoJson);
        assertTrue(geoJson.contains(ObjectClassifier.OUTSIDE_EXTENT), geoJson);
        assertTrue(geoJson.contains("below threshold"), "the thin object's chip is half background: " + geoJson);
        assertEquals(12L, ((Map<?, ?>) whole.summary()).get("unclassified"), "six features on each raster");
    }

    @Test
    void aRunOfOneUnitIsWorkedWhole() throws Exception {
        RunPlan plan = plan();
        RunPlan single = new RunPlan(plan.runId(), plan.tool(), plan.model(), plan.modelPath(), plan.modelType(),
                plan.inputs().subList(1, 3), plan.classes(), plan.arguments());

        assertEquals(List.of(), new ClassifyObjectsExecution().workUnits(single, RunPlan.Input::location, 8));
    }

    private RunPlan plan() throws Exception {
        List<RunPlan.Input> inputs = List.of(raster("first.tif", 0), raster("second.tif", 1), outlines());
        double x0 = TRANSFORM.originX();
        double y1 = TRANSFORM.originY();
        List<Double> extent = List.of(x0, y1 - 40 * 10, x0 + 300 * 10, y1);
        EffectiveArguments arguments = new EffectiveArguments(16, 0, 2, "CPU", null, List.of(0, 1, 2), null, null,
                null, null, 0.95, extent, null, null, null, null, null, null, null);
        return new RunPlan(42, Tool.CLASSIFY_OBJECTS, new ContentHash("ab".repeat(32)), "model.onnx",
                "ObjectClassification", inputs, CLASSES, arguments);
    }

    // Background 0-3 in every band; inside an outline its band, turned by `turn`, is 8-10.
    private RunPlan.Input raster(String name, int turn) throws Exception {
        Random random = new Random(3 + turn);
        FloatBands bands = FloatBands.zeros(120, 90, 3);
        for (int b = 0; b < 3; b++) {
            for (int row = 0; row < 90; row++) {
                for (int col = 0; col < 120; col++) {
                    bands.set(b, row, col, random.nextFloat() * 3);
                }
            }
        }
        for (Outline o : OUTLINES) {
            for (int row = o.y(); o.band() >= 0 && row < o.y() + o.height(); row++) {
                for (int col = o.x(); col < o.x() + o.width(); col++) {
                    bands.set((o.band() + turn) % 3, row, col, 8 + random.nextFloat() * 2);
                }
            }
        }
        Path file = tmp.resolve(name);
        GeoTiffs.write(file, bands, TRANSFORM, 32633);
        return new RunPlan.Input(RunInput.Role.RASTER, ContentHash.ofFile(file), name, file, false);
    }

    // In UTM with a "crs" member, with attributes to carry through.
    private RunPlan.Input outlines() throws Exception {
        List<String> features = new ArrayList<>();
        for (int i = 0; i < OUTLINES.size(); i++) {
            Outline o = OUTLINES.get(i);
            double x0 = TRANSFORM.originX() + o.x() * 10;
            double x1 = x0 + o.width() * 10;
            double y0 = TRANSFORM.originY() - o.y() * 10;
            double y1 = y0 - o.height() * 10;
            features.add(String.format(Locale.ROOT, "{\"type\": \"Feature\", \"properties\": {\"id\": %d,"
                    + " \"name\": \"object %d\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\":"
                    + " [[[%.2f, %.2f], [%.2f, %.2f], [%.2f, %.2f], [%.2f, %.2f], [%.2f, %.2f]]]}}", 100 + i, i,
                    x0, y0, x1, y0, x1, y1, x0, y1, x0, y0));
        }
        Path file = Files.writeString(tmp.resolve("outlines.geojson"), "{\"type\": \"FeatureCollection\","
                + " \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::32633\"}},"
                + " \"features\": [" + String.join(",\n", features) + "]}");
        return new RunPlan.Input(RunInput.Role.FEATURES, ContentHash.ofFile(file), "outlines.geojson", file, false);
    }
}
