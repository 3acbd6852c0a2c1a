package org.rasterhub.runner.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.runner.change.ChangeDetector;
import org.rasterhub.runner.change.ChangeMode;
import org.rasterhub.runner.change.ChangeRaster;
import org.rasterhub.runner.change.DetectChangeRequest;
import org.rasterhub.runner.classify.BandFile;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.telemetry.StageTimes;

/**
 * Detect Change between the run's "from" and "to" rasters: one change raster (COG) whose legend
 * lists every value with its from-class → to-class, or the change model's classes; a large run in
 * work units of tile rows, whose change values the merge writes into the same file.
 */
final class DetectChangeExecution implements ToolExecution {
    private static final String OUTPUT = "change.tif";

    @Override
    public int units(RunPlan plan, Inputs inputs) throws Exception {
        // One grid over the shared extent of both dates.
        return Extents.tiles(plan, plan.inputs(RunInput.Role.FROM), inputs);
    }

    @Override
    public OptionalDouble squareKilometres(RunPlan plan, Inputs inputs) throws Exception {
        return Extents.squareKilometres(plan, plan.inputs(RunInput.Role.FROM), inputs);
    }

    @Override
    public Produced execute(RunPlan plan, Inputs inputs, InferenceModel model, Path work, UnitProgress progress,
                            StageTimes times) throws Exception {
        Path output = work.resolve(OUTPUT);
        ChangeRaster change = new ChangeDetector(model, plan.classes(), mode(plan), times)
                .detect(request(plan, inputs, output), progress.after(0));
        return produced(plan, change);
    }

    /** Bands of whole tile rows of the one grid over both dates. */
    @Override
    public List<WorkUnit> workUnits(RunPlan plan, Inputs inputs, int unitTiles) throws Exception {
        return Extents.rowUnits(plan, plan.inputs(RunInput.Role.FROM), inputs, unitTiles);
    }

    @Override
    public Path runUnit(RunPlan plan, Inputs inputs, InferenceModel model, WorkUnit unit, Path work,
                        UnitProgress progress, StageTimes times) throws Exception {
        byte[] values = new ChangeDetector(model, plan.classes(), mode(plan), times).detectRows(
                request(plan, inputs, work.resolve("unused.tif")), unit.firstRow(), unit.endRow(), progress.after(0));
        Path file = work.resolve("unit-" + unit.index() + ".change");
        long writing = System.nanoTime();
        Files.write(file, values);
        times.since(StageTimes.Stage.WRITE, writing);
        return file;
    }

    @Override
    public Produced merge(RunPlan plan, Inputs inputs, List<UnitOutput> units, Path work, StageTimes times)
            throws Exception {
        List<BandFile> bands = units.stream()
                .map(u -> new BandFile(u.unit().firstRow(), u.unit().endRow(), u.output())).toList();
        ChangeRaster change = ChangeDetector.merge(request(plan, inputs, work.resolve(OUTPUT)), bands,
                plan.classes(), mode(plan), times);
        return produced(plan, change);
    }

    private static ChangeMode mode(RunPlan plan) {
        return ChangeMode.valueOf(plan.arguments().changeMode());
    }

    private static DetectChangeRequest request(RunPlan plan, Inputs inputs, Path output) throws Exception {
        EffectiveArguments a = plan.arguments();
        RunPlan.Input from = plan.inputs(RunInput.Role.FROM).get(0);
        RunPlan.Input to = plan.inputs(RunInput.Role.TO).get(0);
        DetectChangeRequest request = DetectChangeRequest.of(inputs.path(from), inputs.path(to), output,
                a.extractBands(), a.tileSize()).withPadding(a.padding()).withBatchSize(a.batchSize());
        request = request.withScaling(a.scaling());
        var window = Extents.window(plan, inputs.path(from));
        if (window.isPresent()) {
            request = request.withProcessingWindow(window.get());
        }
        return request;
    }

    /** The change COG and its legend, the same from a whole run and from a merge. */
    private static Produced produced(RunPlan plan, ChangeRaster change) {
        Map<String, Object> summary = new LinkedHashMap<>(Outputs.legend(change.legend()));
        summary.put("mode", change.mode().name());
        summary.put("transitions", change.transitions().stream().map(t -> Map.of("value", t.value(),
                "from", t.from().name(), "to", t.to().name())).toList());
        RunPlan.Input to = plan.inputs(RunInput.Role.TO).get(0);
        return new Produced(List.of(new File(change.file(), 0, RunOutput.Kind.CHANGE_RASTER, RunOutput.Format.COG,
                Outputs.fileName(plan, to, "change", "tif"), null)), summary);
    }
}
