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
import org.rasterhub.runner.detect.ObjectDetector;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.telemetry.StageTimes;

/** Detect Objects over each raster of the run: a GeoPackage and a GeoJSON of polygons per raster. */
final class DetectObjectsExecution implements ToolExecution {

    @Override
    public int units(RunPlan plan, Inputs inputs) throws Exception {
        return Extents.tiles(plan, plan.inputs(RunInput.Role.RASTER), inputs);
    }

    @Override
    public Produced execute(RunPlan plan, Inputs inputs, InferenceModel model, Path work, UnitProgress progress,
                            StageTimes times) throws Exception {
        EffectiveArguments a = plan.arguments();
        ObjectDetector detector = new ObjectDetector(model, plan.classes(), times);
        List<File> files = new ArrayList<>();
        Map<String, Integer> perClass = new HashMap<>();
        long base = 0;
        List<RunPlan.Input> rasters = plan.inputs(RunInput.Role.RASTER);
        for (int i = 0; i < rasters.size(); i++) {
            RunPlan.Input raster = rasters.get(i);
            Path input = inputs.path(raster);
            Path geoPackage = work.resolve("objects-" + i + ".gpkg");
            Path geoJson = work.resolve("objects-" + i + ".geojson");
            DetectObjectsRequest request = DetectObjectsRequest.of(input, geoPackage, geoJson, a.extractBands(),
                            a.tileSize())
                    .withPadding(a.padding()).withBatchSize(a.batchSize()).withThreshold(a.threshold())
                    .withNmsOverlap(a.nmsOverlap()).withExcludePadDetections(a.excludePadDetections());
            request = request.withScaling(a.scaling());
            var window = Extents.window(plan, input);
            if (window.isPresent()) {
                request = request.withProcessingWindow(window.get());
            }
            DetectedObjects found = detector.detect(request, progress.after(base));
            base += found.tiles();
            found.perClass().forEach((name, count) -> perClass.merge(name, count, Integer::sum));
            files.add(new File(geoPackage, i, RunOutput.Kind.DETECTED_OBJECTS, RunOutput.Format.GEOPACKAGE,
                    Outputs.fileName(plan, raster, "objects", "gpkg"), found.count()));
            files.add(new File(geoJson, i, RunOutput.Kind.DETECTED_OBJECTS, RunOutput.Format.GEOJSON,
                    Outputs.fileName(plan, raster, "objects", "geojson"), found.count()));
        }
        return new Produced(files, Outputs.counted(plan.classes(), perClass));
    }
}
