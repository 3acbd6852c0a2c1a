package org.rasterhub.portal.run;

import org.rasterhub.portal.runners.RunnerCapacity;
import org.rasterhub.runner.job.EffectiveArguments;
import org.rasterhub.runner.job.PixelProductArguments;
import org.rasterhub.runner.job.InputScalingArguments;
import org.rasterhub.runner.job.Tool;
import java.util.ArrayList;
import java.util.List;
import org.rasterhub.core.emd.ExtractBand;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.runner.change.ChangeMode;
import org.rasterhub.runner.contract.OnnxModelFacts;
import org.rasterhub.runner.contract.OutputChoice;
import org.rasterhub.runner.preflight.PreflightFinding;

/**
 * Turns a run request's arguments into the arguments it runs with: the defaults of the model
 * definition where the request is silent ({@link RunDefaults}), every value checked, and what a batch
 * needs in memory ({@link RunMemory}). Each problem becomes a pre-flight finding, all at once.
 */
final class ArgumentResolver {
    private ArgumentResolver() {
    }

    /**
     * The effective arguments of a run of {@code tool} with this model on rasters of {@code bandCount}
     * bands (0 when unknown); problems are added to {@code findings}.
     *
     * @param modelFacts what the ONNX model file says of itself, or null (TorchScript, unreadable)
     */
    static EffectiveArguments resolve(Tool tool, ModelDefinition emd, RunArguments arguments, int bandCount,
                                       OnnxModelFacts modelFacts, RunnerCapacity runners,
                                       List<PreflightFinding> findings) {
        RunDefaults defaults = RunDefaults.of(emd.document());
        int tileSize = arguments.tileSize() != null ? arguments.tileSize() : defaults.tileSize();
        int padding = arguments.padding() != null ? arguments.padding()
                : RunDefaults.paddingFor(emd.document(), tileSize);
        int batchSize = arguments.batchSize() != null ? arguments.batchSize() : defaults.batchSize();
        if (tileSize < 8 || tileSize > 4096) {
            findings.add(PreflightFinding.error("tileSize", "tile size must be 8 to 4096 pixels, was " + tileSize));
        } else if (padding < 0 || 2 * padding >= tileSize) {
            findings.add(PreflightFinding.error("padding", "padding must be 0 to " + (tileSize - 1) / 2
                    + " pixels for tiles of " + tileSize + ", was " + padding));
        }
        if (batchSize < 1 || batchSize > 64) {
            findings.add(PreflightFinding.error("batchSize", "batch size must be 1 to 64, was " + batchSize));
        }
        String processor = arguments.processorType() == null ? "CPU" : arguments.processorType().toUpperCase(
                java.util.Locale.ROOT);
        if (!processor.equals("CPU") && !processor.equals("GPU")) {
            findings.add(PreflightFinding.error("processorType", "processor type must be CPU or GPU, was "
                    + arguments.processorType()));
        }
        int gpus = runners.gpus();
        if (processor.equals("GPU") && gpus > 0 && arguments.gpuIds() != null) {
            for (Integer id : arguments.gpuIds()) {
                if (id == null || id < 0 || id >= gpus) {
                    findings.add(PreflightFinding.error("gpuIds", "GPU id " + id + " does not exist; the runners"
                            + " online have at most " + gpus + " GPU(s), ids 0 to " + (gpus - 1)));
                }
            }
        }
        Double threshold = null;
        Double nmsOverlap = null;
        Boolean excludePad = null;
        Double scoreThreshold = null;
        OutputChoice output = OutputChoice.UNKNOWN;
        PixelProductArguments product = PixelProductArguments.CLASSES;
        if (tool == Tool.CLASSIFY_PIXELS) {
            // A binary (sigmoid) model's threshold, as the run asks, else 0.5.
            threshold = fraction("threshold", arguments.threshold(), defaults.threshold(), findings);
            if (tileSize >= 8 && tileSize <= 4096 && padding >= 0 && 2 * padding < tileSize) {
                output = OutputChoice.of(modelFacts, tileSize, padding);
                if (output.problem() != null) {
                    findings.add(PreflightFinding.error("model output", output.problem()));
                }
            }
            product = PixelProductArguments.of(emd.document(), arguments.probabilityBands(),
                    arguments.returnProbabilityRaster(), modelFacts, output, findings);
        } else if (tool == Tool.DETECT_OBJECTS) {
            threshold = fraction("threshold", arguments.threshold(), defaults.threshold(), findings);
            nmsOverlap = fraction("nmsOverlap", arguments.nmsOverlap(), defaults.nmsOverlap(), findings);
            excludePad = arguments.excludePadDetections() == null ? defaults.excludePadDetections()
                    : arguments.excludePadDetections();
        } else if (tool == Tool.CLASSIFY_OBJECTS) {
            scoreThreshold = fraction("scoreThreshold", arguments.scoreThreshold(), defaults.scoreThreshold(),
                    findings);
        }
        List<Double> extent = arguments.extent();
        if (extent != null && (extent.size() != 4 || extent.stream().anyMatch(v -> v == null || !Double.isFinite(v))
                || !(extent.get(0) < extent.get(2)) || !(extent.get(1) < extent.get(3)))) {
            findings.add(PreflightFinding.error("extent", "the processing extent must be [minX, minY, maxX, maxY] in the"
                    + " raster's CRS with min < max, was " + extent));
        }
        List<Integer> bands = emd.extractBands().isEmpty()
                ? defaultBands(bandCount)
                : emd.extractBands().stream().filter(b -> b instanceof ExtractBand.Index)
                        .map(b -> ((ExtractBand.Index) b).value()).toList();
        String changeMode = tool != Tool.DETECT_CHANGE ? null
                : ChangeMode.forModel(emd.modelType(), emd.modelConfiguration().orElse(null)).name();
        if (tileSize >= 8 && tileSize <= 4096 && batchSize >= 1 && batchSize <= 64) {
            int inputBands = tool == Tool.DETECT_CHANGE ? 2 * bands.size() : bands.size();
            RunMemory.whyNotFit(tileSize, batchSize, inputBands, emd.classes().size(), runners.heapBytes())
                    .ifPresent(why -> findings.add(PreflightFinding.error("batchSize", why)));
        }
        InputScalingArguments scaling = InputScalingArguments.of(emd.document(), bands, findings);
        return new EffectiveArguments(tileSize, padding, batchSize, processor,
                arguments.gpuIds() == null ? null : List.copyOf(arguments.gpuIds()), bands, scaling.dataRange(),
                threshold, nmsOverlap, excludePad, scoreThreshold, extent == null ? null : List.copyOf(extent),
                changeMode, scaling.statistics(), output.outputIndex(), output.independentChannels() ? true : null,
                product.probabilityBands(), product.valueName(), product.valueScale());
    }

    private static Double fraction(String name, Double value, double fallback, List<PreflightFinding> findings) {
        double v = value == null ? fallback : value;
        if (!(v >= 0 && v <= 1)) {
            findings.add(PreflightFinding.error(name, name + " must be between 0 and 1, was " + value));
        }
        return v;
    }

    private static List<Integer> defaultBands(int bandCount) {
        List<Integer> bands = new ArrayList<>();
        for (int i = 0; i < Math.min(3, bandCount); i++) {
            bands.add(i);
        }
        return bands;
    }
}
