package org.rasterhub.runner.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.runner.classify.PixelProduct;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.render.ColourRamp;
import org.rasterhub.runner.render.MeasureRange;

/** Names and summaries of run outputs, shared by the tools. */
final class Outputs {
    private Outputs() {
    }

    /** {@code run-12-<raster name>-<what>.<extension>}: distinct within a collection, telling in a folder. */
    static String fileName(RunPlan plan, RunPlan.Input input, String what, String extension) {
        String stem = input.fileName().contains(".")
                ? input.fileName().substring(0, input.fileName().lastIndexOf('.')) : input.fileName();
        stem = stem.replaceAll("[^A-Za-z0-9._-]", "_");
        return "run-" + plan.runId() + "-" + stem + "-" + what + "." + extension;
    }

    /** A legend with the number of objects of each class name, and their total. */
    static Map<String, Object> counted(List<ModelClass> classes, Map<String, Integer> perClassName) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("legend", classes.stream().map(c -> Map.of("value", c.value(), "name", c.name(),
                "color", hex(c), "count", perClassName.getOrDefault(c.name(), 0))).toList());
        summary.put("objects", perClassName.values().stream().mapToInt(Integer::intValue).sum());
        return summary;
    }

    private static String hex(ModelClass c) {
        return String.format("#%02x%02x%02x", c.red(), c.green(), c.blue());
    }

    /** The legend of a class raster: value, name and colour of each class, in the .emd's order. */
    static Map<String, Object> legend(List<ModelClass> classes) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("legend", classes.stream().map(c -> Map.of("value", c.value(), "name", c.name(),
                "color", hex(c))).toList());
        return summary;
    }

    /** Colours a ramp legend shows, evenly spaced from the darkest to the lightest. */
    private static final int RAMP_STOPS = 5;

    /**
     * The legend of Float32 rasters, as they are drawn ({@link MeasureRange}): {@code legend} holds
     * {@value #RAMP_STOPS} stops of the colour ramp of the first raster (value, name, colour), so every
     * page that lists class swatches shows the ramp; {@code ramp} gives each raster's range, since values
     * are drawn over each raster's own range.
     */
    static Map<String, Object> ramp(PixelProduct product, List<Path> rasters) throws RasterIoException {
        String name = product instanceof PixelProduct.Values v ? v.name()
                : ((PixelProduct.Probabilities) product).everyClass() ? "highest class probability"
                : "probability of the winning class";
        List<Map<String, Object>> ranges = new ArrayList<>();
        for (int i = 0; i < rasters.size(); i++) {
            MeasureRange range = MeasureRange.of(rasters.get(i));
            ranges.add(Map.of("input", i, "name", name, "min", range.low(), "max", range.high()));
        }
        double low = (double) ranges.get(0).get("min");
        double high = (double) ranges.get(0).get("max");
        List<String> colours = ColourRamp.hexStops(RAMP_STOPS);
        List<Map<String, Object>> stops = new ArrayList<>();
        for (int i = 0; i < RAMP_STOPS; i++) {
            double value = low + (high - low) * i / (RAMP_STOPS - 1);
            stops.add(Map.of("value", Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", value)),
                    "name", i == 0 ? name : "", "color", colours.get(i)));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("legend", stops);
        summary.put("ramp", ranges);
        return summary;
    }
}
