package org.rasterhub.runner.job;

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
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.telemetry.StageTimes;

/**
 * Detect Change between the run's "from" and "to" rasters: one change raster (COG) whose legend
 * lists every value with its from-class → to-class, or the change model's classes.
 */
final class DetectChangeExecution implements ToolExecution {

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
        EffectiveArguments a = plan.arguments();
        RunPlan.Input from = plan.inputs(RunInput.Role.FROM).get(0);
        RunPlan.Input to = plan.inputs(RunInput.Role.TO).get(0);
        Path output = work.resolve("change.tif");
        DetectChangeRequest request = DetectChangeRequest.of(inputs.path(from), inputs.path(to), output,
                a.extractBands(), a.tileSize()).withPadding(a.padding()).withBatchSize(a.batchSize());
        request = request.withScaling(a.scaling());
        var window = Extents.window(plan, inputs.path(from));
        if (window.isPresent()) {
            request = request.withProcessingWindow(window.get());
        }
        ChangeMode mode = ChangeMode.valueOf(a.changeMode());
        ChangeRaster change = new ChangeDetector(model, plan.classes(), mode, times).detect(request, progress.after(0));
        Map<String, Object> summary = new LinkedHashMap<>(Outputs.legend(change.legend()));
        summary.put("mode", mode.name());
        summary.put("transitions", change.transitions().stream().map(t -> Map.of("value", t.value(),
                "from", t.from().name(), "to", t.to().name())).toList());
        return new Produced(List.of(new File(output, 0, RunOutput.Kind.CHANGE_RASTER, RunOutput.Format.COG,
                Outputs.fileName(plan, to, "change", "tif"), null)), summary);
    }
}
