package org.rasterhub.runner.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.rasterhub.core.codescan.FileKind;
import org.rasterhub.core.emd.ExtractBand;
import org.rasterhub.core.emd.ModelDefinition;

/**
 * Checks a model against an input raster and the processor asked for, before a run is queued. Whether
 * an engine here runs the model file is the code scan's verdict: pass one made with this runner's
 * engines ({@link ModelFileVerdict#assess}). Stateless and thread-safe.
 */
public final class PreflightCheck {
    /**
     * ModelTypes the runner has a tool for: Classify Pixels and Detect Change, Detect Objects, Classify
     * Objects, Detect Change with a two-date model. Which tool fits which type is the caller's check.
     */
    static final List<String> RUNNABLE_MODEL_TYPES = List.of("ImageClassification", "ObjectDetection",
            "ObjectClassification", "ChangeDetection");
    /** Cell sizes within this factor of the training range only warrant no warning. */
    static final double CELL_SIZE_TOLERANCE = 1.5;

    private final boolean gpuPresent;

    /**
     * @param gpuPresent whether this runner has a GPU (a run asking for one fails early otherwise):
     *                   {@code InferenceModels.gpuCount() > 0}
     */
    public PreflightCheck(boolean gpuPresent) {
        this.gpuPresent = gpuPresent;
    }

    /**
     * @param modelFile what ingest's code scan concluded about the {@code ModelFile}, or null when
     *                  the definition names none
     * @param gpuRequested whether the run asks for processor type GPU
     * @return every finding, errors first; an empty list means the run can go ahead as asked
     */
    public List<PreflightFinding> check(ModelDefinition emd, ModelFileVerdict modelFile, RasterFacts raster,
                                        boolean gpuRequested) {
        List<PreflightFinding> findings = new ArrayList<>();
        checkModel(emd, modelFile, findings);
        checkBands(emd, raster, findings);
        checkTileSize(emd, findings);
        checkCellSize(emd, raster, findings);
        if (gpuRequested && !gpuPresent) {
            findings.add(PreflightFinding.error("processor", "the run asks for a GPU but this server has none; "
                    + "choose processor type CPU"));
        }
        if (gpuRequested && modelFile != null && modelFile.kind() == FileKind.TORCHSCRIPT) {
            // Maven Central has no CUDA libtorch for DJL 0.36's PyTorch 2.7.1 (TorchScriptModel refuses too).
            findings.add(PreflightFinding.error("processor", "TorchScript models run on the CPU only here; choose "
                    + "processor type CPU, or export the model to ONNX (torch.onnx.export) to run it on a GPU"));
        }
        findings.sort((a, b) -> a.severity().compareTo(b.severity()));
        return findings;
    }

    private static void checkModel(ModelDefinition emd, ModelFileVerdict modelFile, List<PreflightFinding> findings) {
        if (!RUNNABLE_MODEL_TYPES.contains(emd.modelType())) {
            findings.add(PreflightFinding.error("ModelType", "\"" + emd.modelType() + "\" models cannot run here yet; "
                    + "runnable: " + String.join(", ", RUNNABLE_MODEL_TYPES)));
        }
        if (modelFile == null) {
            findings.add(PreflightFinding.error("ModelFile", "the model definition names no model file; a package "
                    + "that needs its Python raster function cannot run here (RasterHub never runs package code)"));
        } else if (!modelFile.runnableHere()) {
            findings.add(PreflightFinding.error(modelFile.path(), modelFile.reason()));
        } else if (modelFile.onnx() != null) {
            ModelContractCheck.check(emd, modelFile.path(), modelFile.onnx(), findings);
        }
    }

    private static void checkBands(ModelDefinition emd, RasterFacts raster, List<PreflightFinding> findings) {
        String file = raster.file().getFileName().toString();
        if (emd.extractBands().isEmpty()) {
            findings.add(PreflightFinding.warning("ExtractBands", "the model definition does not say which bands to "
                    + "read; the first " + Math.min(3, raster.bandCount()) + " band(s) of " + file + " will be used"));
            return;
        }
        for (ExtractBand band : emd.extractBands()) {
            if (band instanceof ExtractBand.Index index && index.value() >= raster.bandCount()) {
                findings.add(PreflightFinding.error("ExtractBands", "names band " + index.value() + " (0-based) but "
                        + file + " has " + raster.bandCount() + " band(s)"));
            } else if (band instanceof ExtractBand.Name name) {
                findings.add(PreflightFinding.error("ExtractBands", "names the band " + name
                        + "; band names cannot be matched yet, give 0-based indexes"));
            }
        }
    }

    private static void checkTileSize(ModelDefinition emd, List<PreflightFinding> findings) {
        OptionalInt height = emd.imageHeight();
        OptionalInt width = emd.imageWidth();
        if (height.isEmpty() || width.isEmpty()) {
            findings.add(PreflightFinding.error("ImageHeight", "the model definition gives no ImageHeight/ImageWidth, "
                    + "so the tile size is unknown"));
        } else if (height.getAsInt() != width.getAsInt()) {
            findings.add(PreflightFinding.error("ImageWidth", "tiles must be square; the model wants "
                    + width.getAsInt() + " x " + height.getAsInt()));
        }
    }

    /** MinCellSize/MaxCellSize record the training resolution; far from it, results degrade quietly. */
    private static void checkCellSize(ModelDefinition emd, RasterFacts raster, List<PreflightFinding> findings) {
        JsonNode min = emd.document().get("MinCellSize");
        JsonNode max = emd.document().get("MaxCellSize");
        if (min == null && max == null) {
            return;
        }
        double low = cellSize(min, Double.NaN);
        double high = cellSize(max, low);
        if (Double.isNaN(low)) {
            low = high;
        }
        if (Double.isNaN(low) || Double.isNaN(high)) {
            return;
        }
        Integer trainedWkid = wkid(min != null ? min : max);
        int rasterEpsg = raster.crs().epsg().orElse(-1);
        String file = raster.file().getFileName().toString();
        if (trainedWkid != null && trainedWkid != rasterEpsg) {
            findings.add(PreflightFinding.warning("MinCellSize", "the model was trained on imagery in EPSG:" + trainedWkid
                    + " and " + file + " is in " + (rasterEpsg > 0 ? "EPSG:" + rasterEpsg : "an unknown CRS")
                    + "; cell sizes cannot be compared"));
            return;
        }
        double cell = Math.max(raster.cellWidth(), raster.cellHeight());
        if (cell < low / CELL_SIZE_TOLERANCE || cell > high * CELL_SIZE_TOLERANCE) {
            findings.add(PreflightFinding.warning("MinCellSize", file + " has " + show(cell) + "-unit cells; the model "
                    + "was trained on " + show(low) + " to " + show(high) + ": expect poorer results, or resample "
                    + "the imagery"));
        }
    }

    /** Three significant digits, no trailing zeros: 10, 0.3, 0.000125. */
    private static String show(double value) {
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static double cellSize(JsonNode size, double fallback) {
        if (size == null || !size.isObject()) {
            return fallback;
        }
        JsonNode x = size.get("x");
        JsonNode y = size.get("y");
        if (x == null || !x.isNumber()) {
            return fallback;
        }
        return y != null && y.isNumber() ? Math.max(x.asDouble(), y.asDouble()) : x.asDouble();
    }

    private static Integer wkid(JsonNode size) {
        JsonNode reference = size == null ? null : size.get("spatialReference");
        if (reference == null) {
            return null;
        }
        JsonNode latest = reference.get("latestWkid");
        JsonNode wkid = latest != null && latest.canConvertToInt() ? latest : reference.get("wkid");
        return wkid != null && wkid.canConvertToInt() ? wkid.asInt() : null;
    }
}
