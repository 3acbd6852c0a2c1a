package org.rasterhub.runner.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.runner.detect.DetectObjectsRequest;
import org.rasterhub.runner.detect.DetectedObjects;
import org.rasterhub.runner.detect.Detection;
import org.rasterhub.runner.detect.DetectionsFile;
import org.rasterhub.runner.detect.ObjectDetector;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.telemetry.StageTimes;

/**
 * Detect Objects over each raster of the run: a GeoPackage and a GeoJSON of polygons per raster; a
 * large run in work units of tile rows, whose detections the merge suppresses across unit seams.
 */
final class DetectObjectsExecution implements ToolExecution {

    @Override
    public int units(RunPlan plan, Inputs inputs) throws Exception {
        return Extents.tiles(plan, plan.inputs(RunInput.Role.RASTER), inputs);
    }

    @Override
    public Produced execute(RunPlan plan, Inputs inputs, InferenceModel model, Path work, UnitProgress progress,
                            StageTimes times) throws Exception {
        ObjectDetector detector = new ObjectDetector(model, plan.classes(), times);
        Outcome outcome = new Outcome();
        long base = 0;
        List<RunPlan.Input> rasters = plan.inputs(RunInput.Role.RASTER);
        for (int i = 0; i < rasters.size(); i++) {
            DetectObjectsRequest request = request(plan, inputs.path(rasters.get(i)), work, i);
            DetectedObjects found = detector.detect(request, progress.after(base));
            base += found.tiles();
            outcome.add(plan, rasters.get(i), i, found);
        }
        return outcome.produced(plan);
    }

    /** Bands of whole tile rows, as Classify Pixels: detections are suppressed across units at the merge. */
    @Override
    public List<WorkUnit> workUnits(RunPlan plan, Inputs inputs, int unitTiles) throws Exception {
        return Extents.rowUnits(plan, plan.inputs(RunInput.Role.RASTER), inputs, unitTiles);
    }

    @Override
    public Path runUnit(RunPlan plan, Inputs inputs, InferenceModel model, WorkUnit unit, Path work,
                        UnitProgress progress, StageTimes times) throws Exception {
        RunPlan.Input raster = plan.inputs(RunInput.Role.RASTER).get(unit.inputPosition());
        List<Detection> found = new ObjectDetector(model, plan.classes(), times).detectRows(
                request(plan, inputs.path(raster), work, unit.inputPosition()), unit.firstRow(), unit.endRow(),
                progress.after(0));
        Path file = work.resolve("unit-" + unit.index() + ".detections");
        long writing = System.nanoTime();
        DetectionsFile.write(file, found);
        times.since(StageTimes.Stage.WRITE, writing);
        return file;
    }

    /**
     * Every unit's detections of a raster, in tile order, suppressed across tiles and unit seams
     * alike: the list one runner would have suppressed.
     */
    @Override
    public Produced merge(RunPlan plan, Inputs inputs, List<UnitOutput> units, Path work, StageTimes times)
            throws Exception {
        ObjectDetector writer = ObjectDetector.writer(plan.classes(), times);
        Outcome outcome = new Outcome();
        List<RunPlan.Input> rasters = plan.inputs(RunInput.Role.RASTER);
        for (int i = 0; i < rasters.size(); i++) {
            List<Detection> all = new ArrayList<>();
            int tiles = 0;
            for (UnitOutput unit : units) {
                if (unit.unit().inputPosition() == i) {
                    all.addAll(DetectionsFile.read(unit.output()));
                    tiles += unit.unit().tiles();
                }
            }
            long merging = System.nanoTime();
            DetectedObjects found = writer.write(request(plan, inputs.path(rasters.get(i)), work, i), all, tiles,
                    org.rasterhub.core.ingest.Progress.NONE);
            times.since(StageTimes.Stage.MERGE, merging);
            outcome.add(plan, rasters.get(i), i, found);
        }
        return outcome.produced(plan);
    }

    private static DetectObjectsRequest request(RunPlan plan, Path input, Path work, int position) throws Exception {
        EffectiveArguments a = plan.arguments();
        DetectObjectsRequest request = DetectObjectsRequest.of(input, work.resolve("objects-" + position + ".gpkg"),
                        work.resolve("objects-" + position + ".geojson"), a.extractBands(), a.tileSize())
                .withPadding(a.padding()).withBatchSize(a.batchSize()).withThreshold(a.threshold())
                .withNmsOverlap(a.nmsOverlap()).withExcludePadDetections(a.excludePadDetections());
        request = request.withScaling(a.scaling());
        var window = Extents.window(plan, input);
        if (window.isPresent()) {
            request = request.withProcessingWindow(window.get());
        }
        return request;
    }

    /** The files of every raster and the objects per class over all of them. */
    private static final class Outcome {
        private final List<File> files = new ArrayList<>();
        private final Map<String, Integer> perClass = new HashMap<>();

        void add(RunPlan plan, RunPlan.Input raster, int position, DetectedObjects found) {
            found.perClass().forEach((name, count) -> perClass.merge(name, count, Integer::sum));
            files.add(new File(found.geoPackage(), position, RunOutput.Kind.DETECTED_OBJECTS,
                    RunOutput.Format.GEOPACKAGE, Outputs.fileName(plan, raster, "objects", "gpkg"), found.count()));
            files.add(new File(found.geoJson(), position, RunOutput.Kind.DETECTED_OBJECTS, RunOutput.Format.GEOJSON,
                    Outputs.fileName(plan, raster, "objects", "geojson"), found.count()));
        }

        Produced produced(RunPlan plan) {
            return new Produced(files, Outputs.counted(plan.classes(), perClass));
        }
    }
}
