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

    /** The legend of a class raster: value, name and colour of each class, in the .emd's order. */
    static Map<String, Object> legend(List<ModelClass> classes) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("legend", classes.stream().map(c -> Map.of("value", c.value(), "name", c.name(),
                "color", String.format("#%02x%02x%02x", c.red(), c.green(), c.blue()))).toList());
        return summary;
    }
}
