package org.rasterhub.runner.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.runner.classify.BandFile;
import org.rasterhub.runner.classify.ClassBands;
import org.rasterhub.runner.classify.ClassifyPixelsRequest;
import org.rasterhub.runner.classify.MeasureBands;
import org.rasterhub.runner.classify.PixelClassifier;
import org.rasterhub.runner.classify.PixelProduct;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.telemetry.StageTimes;

/**
 * Classify Pixels over each raster of the run: one COG per raster, of classes, of class probabilities
 * ({@code returnProbabilityRaster}) or of a regression model's values; a large run in work units of
 * tile rows, merged into the same files.
 */
final class ClassifyPixelsExecution implements ToolExecution {
    @Override
    public int units(RunPlan plan, Inputs inputs) throws Exception {
        return Extents.tiles(plan, plan.inputs(RunInput.Role.RASTER), inputs);
    }

    @Override
    public Produced execute(RunPlan plan, Inputs inputs, InferenceModel model, Path work, UnitProgress progress,
                            StageTimes times) throws Exception {
        PixelClassifier classifier = new PixelClassifier(model, plan.classes(), times);
        Outcome outcome = new Outcome(plan, work);
        long base = 0;
        List<RunPlan.Input> rasters = plan.inputs(RunInput.Role.RASTER);
        for (int i = 0; i < rasters.size(); i++) {
            Path output = outcome.output(i);
            ClassifyPixelsRequest request = request(plan, inputs.path(rasters.get(i)), output);
            base += classifier.classify(request, progress.after(base)).tiles();
            outcome.add(rasters.get(i), i, output);
        }
        return outcome.produced();
    }

    /** Bands of whole tile rows, about {@code unitTiles} tiles each (at least one row), of every product. */
    @Override
    public List<WorkUnit> workUnits(RunPlan plan, Inputs inputs, int unitTiles) throws Exception {
        return Extents.rowUnits(plan, plan.inputs(RunInput.Role.RASTER), inputs, unitTiles / bytesPerPixel(plan));
    }

    /**
     * What a unit holds per pixel until it is stored: a class byte, or 4 bytes per Float32 band (one per
     * class for probabilities, as the model usually answers). Units are made that much smaller, so a
     * unit of probabilities holds no more memory than one of classes.
     */
    private static int bytesPerPixel(RunPlan plan) {
        PixelProduct product = plan.arguments().product();
        return product instanceof PixelProduct.Classes ? 1
                : 4 * (product instanceof PixelProduct.Probabilities ? Math.max(1, plan.classes().size()) : 1);
    }

    /** A unit of classes stores one byte a pixel; of probabilities or values, its Float32 bands. */
    @Override
    public Path runUnit(RunPlan plan, Inputs inputs, InferenceModel model, WorkUnit unit, Path work,
                        UnitProgress progress, StageTimes times) throws Exception {
        RunPlan.Input raster = plan.inputs(RunInput.Role.RASTER).get(unit.inputPosition());
        ClassifyPixelsRequest request = request(plan, inputs.path(raster), work.resolve("unused.tif"));
        PixelClassifier classifier = new PixelClassifier(model, plan.classes(), times);
        boolean classes = plan.arguments().product() instanceof PixelProduct.Classes;
        Path file = work.resolve("unit-" + unit.index() + (classes ? ".classes" : ".measures"));
        if (classes) {
            byte[] values = new ClassBands(classifier).classify(request, unit.firstRow(), unit.endRow(),
                    progress.after(0));
            long writing = System.nanoTime();
            Files.write(file, values);
            times.since(StageTimes.Stage.WRITE, writing);
        } else {
            MeasureBands.Band band = new MeasureBands(classifier).classify(request, unit.firstRow(), unit.endRow(),
                    progress.after(0));
            long writing = System.nanoTime();
            band.write(file);
            times.since(StageTimes.Stage.WRITE, writing);
        }
        return file;
    }

    @Override
    public Produced merge(RunPlan plan, Inputs inputs, List<UnitOutput> units, Path work, StageTimes times)
            throws Exception {
        Outcome outcome = new Outcome(plan, work);
        List<RunPlan.Input> rasters = plan.inputs(RunInput.Role.RASTER);
        for (int i = 0; i < rasters.size(); i++) {
            int position = i;
            List<BandFile> bands = units.stream().filter(u -> u.unit().inputPosition() == position)
                    .map(u -> new BandFile(u.unit().firstRow(), u.unit().endRow(), u.output())).toList();
            Path output = outcome.output(i);
            ClassifyPixelsRequest request = request(plan, inputs.path(rasters.get(i)), output);
            if (outcome.product instanceof PixelProduct.Classes) {
                ClassBands.merge(request, bands, plan.classes(), times);
            } else {
                MeasureBands.merge(request, bands, times);
            }
            outcome.add(rasters.get(i), i, output);
        }
        return outcome.produced();
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

    /** The files of every raster, named after the product, and their legend. */
    private static final class Outcome {
        private final RunPlan plan;
        private final Path work;
        private final PixelProduct product;
        private final RunOutput.Kind kind;
        private final String what;
        private final List<File> files = new ArrayList<>();
        private final List<Path> written = new ArrayList<>();

        Outcome(RunPlan plan, Path work) {
            this.plan = plan;
            this.work = work;
            this.product = plan.arguments().product();
            this.kind = product instanceof PixelProduct.Probabilities ? RunOutput.Kind.PROBABILITY_RASTER
                    : product instanceof PixelProduct.Values ? RunOutput.Kind.VALUE_RASTER
                    : RunOutput.Kind.CLASSIFIED_RASTER;
            this.what = switch (kind) {
                case PROBABILITY_RASTER -> "probabilities";
                case VALUE_RASTER -> "values";
                default -> "classified";
            };
        }

        Path output(int position) {
            return work.resolve(what + "-" + position + ".tif");
        }

        void add(RunPlan.Input raster, int position, Path output) {
            written.add(output);
            files.add(new File(output, position, kind, RunOutput.Format.COG,
                    Outputs.fileName(plan, raster, what, "tif"), null));
        }

        Produced produced() throws Exception {
            return new Produced(files, product instanceof PixelProduct.Classes ? Outputs.legend(plan.classes())
                    : Outputs.ramp(product, written));
        }
    }
}
