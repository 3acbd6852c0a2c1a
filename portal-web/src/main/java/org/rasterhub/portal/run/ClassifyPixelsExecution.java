package org.rasterhub.portal.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.runner.classify.ClassifyPixelsRequest;
import org.rasterhub.runner.classify.DataRange;
import org.rasterhub.runner.classify.PixelClassifier;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.preflight.RasterFacts;
import org.rasterhub.runner.tiling.TileGrid;

/** Classify Pixels over each raster of the run: one classified COG per raster. */
final class ClassifyPixelsExecution implements ToolExecution {

    @Override
    public int units(RunPlan plan, Inputs inputs) throws Exception {
        int tiles = 0;
        for (RunPlan.Input raster : plan.inputs(RunInput.Role.RASTER)) {
            RasterFacts facts = RasterFacts.probe(inputs.path(raster));
            tiles += new TileGrid(facts.width(), facts.height(), plan.arguments().tileSize(),
                    plan.arguments().padding()).size();
        }
        return tiles;
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

    static ClassifyPixelsRequest request(RunPlan plan, Path input, Path output) {
        RunService.EffectiveArguments a = plan.arguments();
        ClassifyPixelsRequest request = ClassifyPixelsRequest.of(input, output, a.extractBands(), a.tileSize())
                .withPadding(a.padding()).withBatchSize(a.batchSize());
        if (a.dataRange() != null) {
            request = request.withDataRange(new DataRange(a.dataRange().get(0).floatValue(),
                    a.dataRange().get(1).floatValue()));
        }
        return request;
    }
}
