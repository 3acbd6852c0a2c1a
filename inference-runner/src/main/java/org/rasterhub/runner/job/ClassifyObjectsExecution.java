package org.rasterhub.runner.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.runner.classifyobjects.ClassifiedObjects;
import org.rasterhub.runner.classifyobjects.ClassifyObjectsRequest;
import org.rasterhub.runner.classifyobjects.ObjectClassifier;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.preflight.FeatureFacts;

/**
 * Classify Objects: the features of the run's feature layer labelled from each raster's pixels
 * under them; a GeoPackage and a GeoJSON per raster.
 */
final class ClassifyObjectsExecution implements ToolExecution {

    @Override
    public int units(RunPlan plan, Inputs inputs) throws Exception {
        int features = FeatureFacts.probe(inputs.path(features(plan))).featureCount();
        return features * plan.inputs(RunInput.Role.RASTER).size();
    }

    @Override
    public String unitName() {
        return "features";
    }

    /** None: the model sees the features' chips, not the rasters' ground. */
    @Override
    public OptionalDouble squareKilometres(RunPlan plan, Inputs inputs) {
        return OptionalDouble.empty();
    }

    @Override
    public Produced execute(RunPlan plan, Inputs inputs, InferenceModel model, Path work, UnitProgress progress,
                            StageTimes times) throws Exception {
        EffectiveArguments a = plan.arguments();
        RunPlan.Input layer = features(plan);
        // OGR tells GeoJSON from GeoPackage by content, but its messages read better with the real name.
        Path features = work.resolve(layer.fileName().replaceAll("[^A-Za-z0-9._-]", "_"));
        Files.createLink(features, inputs.path(layer));
        ObjectClassifier classifier = new ObjectClassifier(model, plan.classes(), times);
        List<File> files = new ArrayList<>();
        Map<String, Integer> perClass = new HashMap<>();
        long base = 0;
        long unclassified = 0;
        List<RunPlan.Input> rasters = plan.inputs(RunInput.Role.RASTER);
        for (int i = 0; i < rasters.size(); i++) {
            RunPlan.Input raster = rasters.get(i);
            Path geoPackage = work.resolve("labelled-" + i + ".gpkg");
            Path geoJson = work.resolve("labelled-" + i + ".geojson");
            ClassifyObjectsRequest request = ClassifyObjectsRequest.of(inputs.path(raster), features, geoPackage,
                    geoJson, a.extractBands(), a.tileSize()).withBatchSize(Math.min(a.batchSize(),
                    ClassifyObjectsRequest.MAX_BATCH_SIZE)).withScoreThreshold(a.scoreThreshold());
            request = request.withScaling(a.scaling());
            if (a.extent() != null) {
                request = request.withExtent(a.extent());
            }
            ClassifiedObjects labelled = classifier.classify(request, progress.after(base));
            base += labelled.labels().size();
            unclassified += labelled.labels().size() - labelled.classified();
            labelled.perClass().forEach((name, count) -> perClass.merge(name, count, Integer::sum));
            int count = labelled.labels().size();
            files.add(new File(geoPackage, i, RunOutput.Kind.CLASSIFIED_OBJECTS, RunOutput.Format.GEOPACKAGE,
                    Outputs.fileName(plan, raster, "labelled", "gpkg"), count));
            files.add(new File(geoJson, i, RunOutput.Kind.CLASSIFIED_OBJECTS, RunOutput.Format.GEOJSON,
                    Outputs.fileName(plan, raster, "labelled", "geojson"), count));
        }
        Map<String, Object> summary = Outputs.counted(plan.classes(), perClass);
        summary.put("unclassified", unclassified);
        return new Produced(files, summary);
    }

    private static RunPlan.Input features(RunPlan plan) {
        return plan.inputs(RunInput.Role.FEATURES).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("run " + plan.runId() + " has no feature layer"));
    }
}
