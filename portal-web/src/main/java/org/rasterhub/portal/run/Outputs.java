package org.rasterhub.portal.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rasterhub.core.emd.ModelClass;

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
}
