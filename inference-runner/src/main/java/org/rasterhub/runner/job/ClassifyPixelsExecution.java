package org.rasterhub.runner.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.runner.classify.ClassBands;
import org.rasterhub.runner.classify.ClassifyPixelsRequest;
import org.rasterhub.runner.classify.PixelClassifier;
import org.rasterhub.runner.classify.PixelProduct;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.telemetry.StageTimes;

/**
 * Classify Pixels over each raster of the run: one COG per raster, of classes, of class probabilities
 * ({@code returnProbabilityRaster}) or of a regression model's values.
 */
final class ClassifyPixelsExecution implements ToolExecution {
    private static final String CLASSES = "classified";

    @Override
    public int units(RunPlan plan, Inputs inputs) throws Exception {
        return Extents.tiles(plan, plan.inputs(RunInput.Role.RASTER), inputs);
    }

    @Override
    public Produced execute(RunPlan plan, Inputs inputs, InferenceModel model, Path work, UnitProgress progress,
                            StageTimes times) throws Exception {
        List<File> files = new ArrayList<>();
        PixelClassifier classifier = new PixelClassifier(model, plan.classes(), times);
        PixelProduct product = plan.arguments().product();
        RunOutput.Kind kind = product instanceof PixelProduct.Probabilities ? RunOutput.Kind.PROBABILITY_RASTER
                : product instanceof PixelProduct.Values ? RunOutput.Kind.VALUE_RASTER : RunOutput.Kind.CLASSIFIED_RASTER;
        String what = switch (kind) {
            case PROBABILITY_RASTER -> "probabilities";
            case VALUE_RASTER -> "values";
            default -> CLASSES;
        };
        long base = 0;
        List<RunPlan.Input> rasters = plan.inputs(RunInput.Role.RASTER);
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < rasters.size(); i++) {
            RunPlan.Input raster = rasters.get(i);
            Path output = work.resolve(what + "-" + i + ".tif");
            int tiles = classifier.classify(request(plan, inputs.path(raster), output), progress.after(base)).tiles();
            base += tiles;
            written.add(output);
            files.add(new File(output, i, kind, RunOutput.Format.COG, Outputs.fileName(plan, raster, what, "tif"), null));
        }
        return new Produced(files, product instanceof PixelProduct.Classes ? Outputs.legend(plan.classes())
                : Outputs.ramp(product, written));
    }

    /**
     * A class raster is split into bands of whole tile rows, about {@code unitTiles} tiles each (at
     * least one row); probabilities and values are worked whole for now.
     */
    @Override
    public List<WorkUnit> workUnits(RunPlan plan, Inputs inputs, int unitTiles) throws Exception {
        if (!(plan.arguments().product() instanceof PixelProduct.Classes)) {
            return List.of();
        }
        return Extents.rowUnits(plan, plan.inputs(RunInput.Role.RASTER), inputs, unitTiles);
    }

    @Override
    public Path runUnit(RunPlan plan, Inputs inputs, InferenceModel model, WorkUnit unit, Path work,
                        UnitProgress progress, StageTimes times) throws Exception {
        RunPlan.Input raster = plan.inputs(RunInput.Role.RASTER).get(unit.inputPosition());
        ClassBands bands = new ClassBands(new PixelClassifier(model, plan.classes(), times));
        byte[] values = bands.classify(request(plan, inputs.path(raster), work.resolve("unused.tif")), unit.firstRow(),
                unit.endRow(), progress.after(0));
        Path file = work.resolve("unit-" + unit.index() + ".classes");
        long writing = System.nanoTime();
        Files.write(file, values);
        times.since(StageTimes.Stage.WRITE, writing);
        return file;
    }

    @Override
    public Produced merge(RunPlan plan, Inputs inputs, List<UnitOutput> units, Path work, StageTimes times)
            throws Exception {
        List<File> files = new ArrayList<>();
        List<RunPlan.Input> rasters = plan.inputs(RunInput.Role.RASTER);
        for (int i = 0; i < rasters.size(); i++) {
            int position = i;
            List<ClassBands.Band> parts = units.stream().filter(u -> u.unit().inputPosition() == position)
                    .map(u -> new ClassBands.Band(u.unit().firstRow(), u.unit().endRow(), u.output())).toList();
            RunPlan.Input raster = rasters.get(i);
            Path output = work.resolve(CLASSES + "-" + i + ".tif");
            ClassBands.merge(request(plan, inputs.path(raster), output), parts, plan.classes(), times);
            files.add(new File(output, i, RunOutput.Kind.CLASSIFIED_RASTER, RunOutput.Format.COG,
                    Outputs.fileName(plan, raster, CLASSES, "tif"), null));
        }
        return new Produced(files, Outputs.legend(plan.classes()));
    }

    static ClassifyPixelsRequest request(RunPlan plan, Path input, Path output) throws Exception {
        EffectiveArguments a = plan.arguments();
        ClassifyPixelsRequest request = ClassifyPixelsRequest.of(input, output, a.extractBands(), a.tileSize())
                .withPadding(a.padding()).withBatchSize(a.batchSize());
        request = request.withScaling(a.scaling()).withReading(a.reading()).withProduct(a.product());
        var window = Extents.window(plan, input);
        if (window.isPresent()) {
            request = request.withProcessingWindow(window.get());
        }
        return request;
    }
}
