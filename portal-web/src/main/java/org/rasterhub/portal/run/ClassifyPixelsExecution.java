package org.rasterhub.portal.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.runner.classify.ClassifyPixelsRequest;
import org.rasterhub.runner.classify.PixelClassifier;
import org.rasterhub.runner.engine.InferenceModel;

/** Classify Pixels over each raster of the run: one classified COG per raster. */
final class ClassifyPixelsExecution implements ToolExecution {

    @Override
    public int units(RunPlan plan, Inputs inputs) throws Exception {
        return Extents.tiles(plan, plan.inputs(RunInput.Role.RASTER), inputs);
    }

    @Override
    public Produced execute(RunPlan plan, Inputs inputs, InferenceModel model, Path work, UnitProgress progress)
            throws Exception {
        List<File> files = new ArrayList<>();
        PixelClassifier classifier = new PixelClassifier(model, plan.classes());
        long base = 0;
        List<RunPlan.Input> rasters = plan.inputs(RunInput.Role.RASTER);
        for (int i = 0; i < rasters.size(); i++) {
            RunPlan.Input raster = rasters.get(i);
            Path output = work.resolve("classified-" + i + ".tif");
            int tiles = classifier.classify(request(plan, inputs.path(raster), output), progress.after(base)).tiles();
            base += tiles;
            files.add(new File(output, i, RunOutput.Kind.CLASSIFIED_RASTER, RunOutput.Format.COG,
                    Outputs.fileName(plan, raster, "classified", "tif"), null));
        }
        return new Produced(files, Outputs.legend(plan.classes()));
    }

    static ClassifyPixelsRequest request(RunPlan plan, Path input, Path output) throws Exception {
        RunService.EffectiveArguments a = plan.arguments();
        ClassifyPixelsRequest request = ClassifyPixelsRequest.of(input, output, a.extractBands(), a.tileSize())
                .withPadding(a.padding()).withBatchSize(a.batchSize());
        request = request.withScaling(a.scaling()).withReading(a.reading());
        var window = Extents.window(plan, input);
        if (window.isPresent()) {
            request = request.withProcessingWindow(window.get());
        }
        return request;
    }
}
