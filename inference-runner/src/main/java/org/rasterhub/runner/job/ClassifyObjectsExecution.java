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
import org.rasterhub.runner.classifyobjects.ClassifiedObjectsWriter;
import org.rasterhub.runner.classifyobjects.ClassifyObjectsRequest;
import org.rasterhub.runner.classifyobjects.ObjectClassifier;
import org.rasterhub.runner.classifyobjects.ObjectLabel;
import org.rasterhub.runner.classifyobjects.ObjectLabelsFile;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.preflight.FeatureFacts;

/**
 * Classify Objects: the features of the run's feature layer labelled from each raster's pixels
 * under them; a GeoPackage and a GeoJSON per raster. A large run in work units of consecutive
 * features, whose labels the merge writes.
 */
final class ClassifyObjectsExecution implements ToolExecution {

    @Override
    public int units(RunPlan plan, Inputs inputs) throws Exception {
        return featureCount(plan, inputs) * plan.inputs(RunInput.Role.RASTER).size();
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
        Path features = linkFeatures(plan, inputs, work);
        ObjectClassifier classifier = new ObjectClassifier(model, plan.classes(), times);
        Outcome outcome = new Outcome();
        long base = 0;
        List<RunPlan.Input> rasters = plan.inputs(RunInput.Role.RASTER);
        for (int i = 0; i < rasters.size(); i++) {
            ClassifiedObjects labelled = classifier.classify(request(plan, inputs.path(rasters.get(i)), features,
                    work, i), progress.after(base));
            base += labelled.labels().size();
            outcome.add(plan, rasters.get(i), i, labelled);
        }
        return outcome.produced(plan);
    }

    /**
     * Each raster's features, in file order, cut into ranges of about {@code unitTiles} features (one
     * feature is one chip, about a tile's work), raster after raster; empty when that makes one unit
     * only. A unit's {@code firstRow} and {@code endRow} are feature positions.
     */
    @Override
    public List<WorkUnit> workUnits(RunPlan plan, Inputs inputs, int unitTiles) throws Exception {
        int features = featureCount(plan, inputs);
        // As even as they come: 10 features in units of 4 are 3, 3 and 4, not 4, 4 and 2.
        int perRaster = (features + unitTiles - 1) / unitTiles;
        List<WorkUnit> units = new ArrayList<>();
        for (int raster = 0; raster < plan.inputs(RunInput.Role.RASTER).size(); raster++) {
            for (int u = 0; u < perRaster; u++) {
                int first = (int) ((long) features * u / perRaster);
                int end = (int) ((long) features * (u + 1) / perRaster);
                units.add(new WorkUnit(units.size(), raster, first, end, end - first));
            }
        }
        return units.size() > 1 ? units : List.of();
    }

    @Override
    public Path runUnit(RunPlan plan, Inputs inputs, InferenceModel model, WorkUnit unit, Path work,
                        UnitProgress progress, StageTimes times) throws Exception {
        RunPlan.Input raster = plan.inputs(RunInput.Role.RASTER).get(unit.inputPosition());
        ClassifyObjectsRequest request = request(plan, inputs.path(raster), linkFeatures(plan, inputs, work), work,
                unit.inputPosition());
        List<ObjectLabel> labels = new ObjectClassifier(model, plan.classes(), times).label(request,
                unit.firstRow(), unit.endRow(), progress.after(0));
        Path file = work.resolve("unit-" + unit.index() + ".labels");
        long writing = System.nanoTime();
        ObjectLabelsFile.write(file, new ObjectLabelsFile.Unit(unit.firstRow(), labels));
        times.since(StageTimes.Stage.WRITE, writing);
        return file;
    }

    /** Each raster's features written with the labels of its units, in unit order: what one runner writes. */
    @Override
    public Produced merge(RunPlan plan, Inputs inputs, List<UnitOutput> units, Path work, StageTimes times)
            throws Exception {
        Path features = linkFeatures(plan, inputs, work);
        Outcome outcome = new Outcome();
        List<RunPlan.Input> rasters = plan.inputs(RunInput.Role.RASTER);
        for (int i = 0; i < rasters.size(); i++) {
            int position = i;
            List<ObjectLabel> labels = ObjectLabelsFile.readInOrder(units.stream()
                    .filter(u -> u.unit().inputPosition() == position).map(UnitOutput::output).toList());
            long merging = System.nanoTime();
            ClassifiedObjects labelled = ClassifiedObjectsWriter.write(request(plan, inputs.path(rasters.get(i)),
                    features, work, i), labels, times, org.rasterhub.core.ingest.Progress.NONE);
            times.since(StageTimes.Stage.MERGE, merging);
            outcome.add(plan, rasters.get(i), i, labelled);
        }
        return outcome.produced(plan);
    }

    private static ClassifyObjectsRequest request(RunPlan plan, Path raster, Path features, Path work, int position) {
        EffectiveArguments a = plan.arguments();
        ClassifyObjectsRequest request = ClassifyObjectsRequest.of(raster, features,
                work.resolve("labelled-" + position + ".gpkg"), work.resolve("labelled-" + position + ".geojson"),
                a.extractBands(), a.tileSize()).withBatchSize(Math.min(a.batchSize(),
                ClassifyObjectsRequest.MAX_BATCH_SIZE)).withScoreThreshold(a.scoreThreshold());
        request = request.withScaling(a.scaling());
        if (a.extent() != null) {
            request = request.withExtent(a.extent());
        }
        return request;
    }

    /**
     * The feature layer in the work folder under its own name: OGR tells GeoJSON from GeoPackage by
     * content, but its messages read better with the real name, and a GeoJSON's layer, written into
     * the outputs, is named after its file. Every unit worked in this folder, and the merge, share it.
     */
    private static Path linkFeatures(RunPlan plan, Inputs inputs, Path work) throws Exception {
        RunPlan.Input layer = featureLayer(plan);
        Path link = work.resolve(layer.fileName().replaceAll("[^A-Za-z0-9._-]", "_"));
        if (!Files.exists(link) || !Files.isSameFile(link, inputs.path(layer))) {
            Files.createLink(link, inputs.path(layer));   // refused where another file has the name
        }
        return link;
    }

    private static int featureCount(RunPlan plan, Inputs inputs) throws Exception {
        return FeatureFacts.probe(inputs.path(featureLayer(plan))).featureCount();
    }

    private static RunPlan.Input featureLayer(RunPlan plan) {
        return plan.inputs(RunInput.Role.FEATURES).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("run " + plan.runId() + " has no feature layer"));
    }

    /** The files of every raster, the features per class over all of them and those left unclassified. */
    private static final class Outcome {
        private final List<File> files = new ArrayList<>();
        private final Map<String, Integer> perClass = new HashMap<>();
        private long unclassified;

        void add(RunPlan plan, RunPlan.Input raster, int position, ClassifiedObjects labelled) {
            int count = labelled.labels().size();
            unclassified += count - labelled.classified();
            labelled.perClass().forEach((name, n) -> perClass.merge(name, n, Integer::sum));
            files.add(new File(labelled.geoPackage(), position, RunOutput.Kind.CLASSIFIED_OBJECTS,
                    RunOutput.Format.GEOPACKAGE, Outputs.fileName(plan, raster, "labelled", "gpkg"), count));
            files.add(new File(labelled.geoJson(), position, RunOutput.Kind.CLASSIFIED_OBJECTS,
                    RunOutput.Format.GEOJSON, Outputs.fileName(plan, raster, "labelled", "geojson"), count));
        }

        Produced produced(RunPlan plan) {
            Map<String, Object> summary = Outputs.counted(plan.classes(), perClass);
            summary.put("unclassified", unclassified);
            return new Produced(files, summary);
        }
    }
}
