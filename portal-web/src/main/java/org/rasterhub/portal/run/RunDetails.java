package org.rasterhub.portal.run;

import java.time.Instant;
import java.util.List;
import org.rasterhub.core.run.InferenceRun;
import org.rasterhub.runner.preflight.PreflightFinding;

/**
 * A run as the API shows it: what was asked, the hashes it used, where it stands, its result.
 *
 * @param progress  tiles done ÷ tiles in all, 0 to 1
 * @param result    the classified raster's download path once the run succeeded, else null
 * @param findings  warnings of the pre-flight check (errors never get this far)
 */
public record RunDetails(long id, String status, String tool, long item, int version, String packageSha256,
                         String modelSha256, long raster, String rasterSha256, String arguments, int tilesDone,
                         int tilesTotal, double progress, String message, String resultSha256, Long resultSize,
                         String result, Instant created, Instant started, Instant finished,
                         List<String> findings) {

    static RunDetails of(InferenceRun run, List<PreflightFinding> findings) {
        return new RunDetails(run.id(), run.status().name(), run.tool(), run.itemId(), run.versionNumber(),
                run.packageSha256().hex(), run.modelSha256().hex(), run.rasterId(), run.rasterSha256().hex(),
                run.argumentsJson(), run.tilesDone(), run.tilesTotal(),
                run.tilesTotal() == 0 ? 0 : (double) run.tilesDone() / run.tilesTotal(),
                run.message().orElse(null), run.resultSha256().map(h -> h.hex()).orElse(null),
                run.resultSize().orElse(null),
                run.resultSha256().isPresent() ? "/api/runs/" + run.id() + "/result" : null,
                run.createdAt(), run.startedAt().orElse(null), run.finishedAt().orElse(null),
                findings.stream().map(PreflightFinding::toString).toList());
    }
}
