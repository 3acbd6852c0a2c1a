package org.rasterhub.runner.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import org.rasterhub.runner.classify.PixelProduct;
import org.rasterhub.runner.contract.OnnxModelFacts;
import org.rasterhub.runner.contract.OutputChoice;
import org.rasterhub.runner.preflight.PreflightFinding;

/**
 * What a Classify Pixels run writes, decided when it is planned and recorded with its arguments: a
 * class raster, a probability raster (the run's {@code returnProbabilityRaster}, as ArcGIS's
 * {@code return_probability_raster}), or, for a regression model (the {@code .emd}'s {@code
 * RegressionOutput}), a raster of values. Every contradiction is a pre-flight finding.
 *
 * @param probabilityBands {@value #EVERY_CLASS} or {@value #WINNING_CLASS} for a probability raster,
 *                         else null
 * @param valueName        a regression model's band name (with its unit), else null
 * @param valueScale       what a regression model's output is multiplied by, else null
 */
public record PixelProductArguments(String probabilityBands, String valueName, Double valueScale) {
    public static final String EVERY_CLASS = "every_class";
    public static final String WINNING_CLASS = "winning_class";
    /** The {@code .emd} key of a regression model: {@code {"Name": .., "Unit": .., "Scale": ..}}, all optional. */
    public static final String REGRESSION_KEY = "RegressionOutput";
    public static final PixelProductArguments CLASSES = new PixelProductArguments(null, null, null);

    /** The product the runner writes. */
    PixelProduct product() {
        if (valueName != null) {
            return new PixelProduct.Values(valueScale == null ? 1 : valueScale, valueName);
        }
        if (probabilityBands != null) {
            return new PixelProduct.Probabilities(!WINNING_CLASS.equals(probabilityBands));
        }
        return PixelProduct.CLASSES;
    }

    /**
     * Reads what a run of this model with these arguments writes; problems go to {@code findings}.
     *
     * @param probabilityBands        the run's {@code probabilityBands} argument, or null
     * @param returnProbabilityRaster the run's {@code returnProbabilityRaster} argument, or null
     * @param facts  what the ONNX file says of its outputs, or null
     * @param output the output Classify Pixels will read
     */
    public static PixelProductArguments of(JsonNode emd, String probabilityBands, Boolean returnProbabilityRaster,
                                           OnnxModelFacts facts, OutputChoice output, List<PreflightFinding> findings) {
        String bands = probabilityBands == null ? EVERY_CLASS
                : probabilityBands.toLowerCase(Locale.ROOT);
        if (!bands.equals(EVERY_CLASS) && !bands.equals(WINNING_CLASS)) {
            findings.add(PreflightFinding.error("probabilityBands", "probabilityBands must be \"" + EVERY_CLASS
                    + "\" or \"" + WINNING_CLASS + "\", was \"" + probabilityBands + "\""));
        }
        JsonNode regression = emd.get(REGRESSION_KEY);
        boolean probabilities = Boolean.TRUE.equals(returnProbabilityRaster);
        OnnxModelFacts.TensorFacts read = facts == null || output.outputIndex() == null
                || output.outputIndex() >= facts.outputs().size() ? null : facts.outputs().get(output.outputIndex());
        boolean integers = read != null && (read.elementType().startsWith("int") || read.elementType().startsWith("uint"));
        if (regression != null && !regression.isNull()) {
            if (probabilities) {
                findings.add(PreflightFinding.error("returnProbabilityRaster", "this is a regression model (its .emd"
                        + " has " + REGRESSION_KEY + "): it returns values, not class probabilities"));
            }
            return values(regression, read, integers, findings);
        }
        if (!probabilities) {
            return CLASSES;
        }
        if (integers) {
            findings.add(PreflightFinding.error("returnProbabilityRaster", "the model answers with " + read
                    + ", class indexes rather than scores, so it has no probabilities to return; run it without"
                    + " returnProbabilityRaster"));
        }
        return new PixelProductArguments(bands, null, null);
    }

    private static PixelProductArguments values(JsonNode regression, OnnxModelFacts.TensorFacts read, boolean integers,
                                                List<PreflightFinding> findings) {
        JsonNode name = regression.path("Name");
        JsonNode unit = regression.path("Unit");
        JsonNode scale = regression.path("Scale");
        if (!regression.isObject() || !name.isMissingNode() && !name.isTextual()
                || !unit.isMissingNode() && !unit.isTextual()
                || !scale.isMissingNode() && !(scale.isNumber() && Double.isFinite(scale.asDouble())
                && scale.asDouble() != 0)) {
            findings.add(PreflightFinding.error(REGRESSION_KEY, REGRESSION_KEY + " must be an object with an optional"
                    + " text Name and Unit and a number Scale other than 0, was " + regression));
            return CLASSES;
        }
        if (integers || read != null && channels(read) > 1) {
            findings.add(PreflightFinding.error("model output", "a regression model must answer one float channel"
                    + " per pixel; the output read is " + read));
        }
        String label = name.isTextual() && !name.asText().isBlank() ? name.asText().strip() : "value";
        if (unit.isTextual() && !unit.asText().isBlank()) {
            label += " (" + unit.asText().strip() + ")";
        }
        return new PixelProductArguments(null, label, scale.isNumber() ? scale.asDouble() : 1.0);
    }

    // Channels of a per-pixel output whose channel axis is fixed: [N, C, S, S], else channels last; 1 for rank 3.
    private static long channels(OnnxModelFacts.TensorFacts output) {
        List<OnnxModelFacts.Dimension> shape = output.shape();
        if (shape == null || shape.size() != 4) {
            return 1;
        }
        boolean square = shape.get(2).fixed() && shape.get(3).fixed() ? shape.get(2).size().equals(shape.get(3).size())
                : !shape.get(3).fixed();
        OnnxModelFacts.Dimension channel = square ? shape.get(1) : shape.get(3);
        return channel.fixed() ? channel.size() : 1;
    }
}
