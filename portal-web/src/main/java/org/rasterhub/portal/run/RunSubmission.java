package org.rasterhub.portal.run;

import org.rasterhub.runner.job.Tool;
import java.util.List;
import org.rasterhub.core.catalog.ItemId;

/**
 * What a user asks to run: a tool, a model version, its inputs and arguments.
 *
 * @param version  a version number or alias; null for the latest version
 * @param rasters  the rasters of Classify Pixels, Detect Objects and Classify Objects: one, or a
 *                 collection (several areas or dates), each with its own result
 * @param from     Detect Change's earlier raster
 * @param to       Detect Change's later raster
 * @param features Classify Objects' feature layer
 */
public record RunSubmission(ItemId item, String version, Tool tool, List<Long> rasters, Long from, Long to,
                            Long features, RunArguments arguments) {

    public RunSubmission {
        rasters = rasters == null ? List.of() : List.copyOf(rasters);
        arguments = arguments == null ? RunArguments.defaults() : arguments;
    }

    /** A run of one tool on one raster with the defaults. */
    public static RunSubmission on(ItemId item, Tool tool, long raster) {
        return new RunSubmission(item, null, tool, List.of(raster), null, null, null, RunArguments.defaults());
    }
}
