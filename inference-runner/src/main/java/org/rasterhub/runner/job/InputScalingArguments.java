package org.rasterhub.runner.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.rasterhub.runner.classify.InputScaling;
import org.rasterhub.runner.preflight.PreflightFinding;

/**
 * How a run scales its input, read from the {@code .emd} when the run is planned and recorded with its
 * arguments, so a later change of the rules cannot change what a queued run does. arcgis.learn's
 * {@code NormalizationStats} win over {@code DataRange} (arcgis.learn's own inference reads only
 * them); either is checked here, with every problem a pre-flight finding.
 *
 * @param dataRange  {@code DataRange [min, max]}, or null
 * @param statistics {@code NormalizationStats} of the extracted bands, or null
 */
public record InputScalingArguments(List<Double> dataRange, Statistics statistics) {
    public static final InputScalingArguments NONE = new InputScalingArguments(null, null);

    /**
     * arcgis.learn's statistics of the extracted bands, in model order.
     *
     * @param bandMin    {@code band_min_values}
     * @param bandMax    {@code band_max_values}
     * @param scaledMean {@code scaled_mean_values}; null when {@code DoNormalize} is false
     * @param scaledStd  {@code scaled_std_values}; null when {@code DoNormalize} is false
     */
    record Statistics(List<Double> bandMin, List<Double> bandMax, List<Double> scaledMean, List<Double> scaledStd) {
    }

    /** The scaling the runner applies. */
    public InputScaling rule() {
        if (statistics != null) {
            Statistics s = statistics;
            return new InputScaling.BandStatistics(array(s.bandMin()), array(s.bandMax()),
                    s.scaledMean() == null ? null : array(s.scaledMean()),
                    s.scaledStd() == null ? null : array(s.scaledStd()));
        }
        if (dataRange != null) {
            return new InputScaling.TypeRange(dataRange.get(0), dataRange.get(1));
        }
        return InputScaling.NONE;
    }

    /**
     * Reads the scaling of a model definition for a run reading {@code bands} (0-based raster bands, in
     * model order); problems go to {@code findings}.
     */
    public static InputScalingArguments of(JsonNode emd, List<Integer> bands, List<PreflightFinding> findings) {
        JsonNode stats = emd.get("NormalizationStats");
        if (stats != null && !stats.isNull()) {
            return statistics(emd, stats, bands, findings);
        }
        JsonNode range = emd.get("DataRange");
        if (range == null || range.isNull()) {
            return NONE;
        }
        if (!range.isArray() || range.size() != 2 || !range.get(0).isNumber() || !range.get(1).isNumber()
                || !(range.get(0).asDouble() < range.get(1).asDouble())) {
            findings.add(PreflightFinding.error("DataRange", "expected [min, max] with min < max, was " + range));
            return NONE;
        }
        return new InputScalingArguments(List.of(range.get(0).asDouble(), range.get(1).asDouble()), null);
    }

    private static InputScalingArguments statistics(JsonNode emd, JsonNode stats, List<Integer> bands,
                                                    List<PreflightFinding> findings) {
        int before = findings.size();
        // DoNormalize is a flag: true/false or 1/0 in real files; absent means standardise.
        JsonNode flag = emd.path("DoNormalize");
        boolean standardise = !(flag.isBoolean() || flag.isIntegralNumber()) || flag.asInt() != 0;
        List<Double> min = pick(stats, "band_min_values", bands, findings);
        List<Double> max = pick(stats, "band_max_values", bands, findings);
        List<Double> mean = standardise ? pick(stats, "scaled_mean_values", bands, findings) : null;
        List<Double> std = standardise ? pick(stats, "scaled_std_values", bands, findings) : null;
        if (findings.size() > before) {
            return NONE;
        }
        for (int b = 0; b < bands.size(); b++) {
            if (!(max.get(b) > min.get(b))) {
                findings.add(PreflightFinding.error("NormalizationStats", "band " + bands.get(b) + ": band_min_values "
                        + min.get(b) + " must be below band_max_values " + max.get(b)));
            }
            if (std != null && !(std.get(b) > 0)) {
                findings.add(PreflightFinding.error("NormalizationStats", "band " + bands.get(b)
                        + ": scaled_std_values must be above 0, was " + std.get(b)));
            }
        }
        return findings.size() > before ? NONE : new InputScalingArguments(null, new Statistics(min, max, mean, std));
    }

    // arcgis.learn stores one value per band of the training imagery and indexes them by ExtractBands.
    private static List<Double> pick(JsonNode stats, String key, List<Integer> bands, List<PreflightFinding> findings) {
        JsonNode values = stats.get(key);
        if (values == null || !values.isArray() || values.isEmpty()) {
            findings.add(PreflightFinding.error("NormalizationStats", key + " must be an array with a number per band"));
            return null;
        }
        List<Double> picked = new ArrayList<>();
        for (int band : bands) {
            JsonNode value = values.get(band);
            if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
                findings.add(PreflightFinding.error("NormalizationStats", key + " has " + values.size()
                        + " value(s) but the model reads band " + band + " (0-based); expected a number for it"));
                return null;
            }
            picked.add(value.asDouble());
        }
        return List.copyOf(picked);
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
