package org.rasterhub.portal.run;

import org.rasterhub.runner.job.Tool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.rasterhub.core.run.InferenceRun;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.core.run.RunTelemetry;
import org.rasterhub.runner.preflight.PreflightFinding;

/**
 * A run as the API shows it: what was asked, the hashes it used, where it stands, its results.
 *
 * @param raster     the first raster input (kept for clients of one-raster runs)
 * @param progress   tiles (features, for Classify Objects) done ÷ in all, 0 to 1
 * @param etaSeconds seconds left at the pace so far, while running; else null
 * @param result     the first output's download path once the run succeeded, else null
 * @param outputs    every file the run made, with its download path
 * @param summary    what a legend needs: class counts, Detect Change's transitions (JSON), or null
 * @param node       the node that ran the latest attempt ({@code RASTERHUB_NODE}, else its host), else null
 * @param telemetry  where a succeeded run's time went (stages, device, tiles/s, km²/h), else null
 * @param findings   warnings of the pre-flight check (errors never get this far)
 */
public record RunDetails(long id, String status, String tool, long item, int version, String packageSha256,
                         String modelSha256, long raster, String rasterSha256, List<Input> inputs, String arguments,
                         int tilesDone, int tilesTotal, double progress, Long etaSeconds, String message,
                         boolean cancelRequested, Long retryOf, int attempts, String node, String resultSha256,
                         Long resultSize,
                         String result, List<Output> outputs, JsonNode summary, RunTelemetry telemetry,
                         Instant created, Instant started,
                         Instant finished, List<String> findings) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An input: role (raster, from, to, features), the item id and the hash the run used. */
    public record Input(String role, Long raster, Long features, String sha256) {
    }

    /** An output file: which input it came from, what it is, and where to download it. */
    public record Output(int position, int input, String kind, String format, String mediaType, String fileName,
                         String sha256, long size, Integer features, String href) {
    }

    static RunDetails of(InferenceRun run, List<PreflightFinding> findings, Instant now) {
        List<Input> inputs = run.inputs().stream().map(i -> new Input(i.role().name().toLowerCase(java.util.Locale.ROOT),
                i.rasterId().orElse(null), i.featureId().orElse(null), i.sha256().hex())).toList();
        List<Output> outputs = new ArrayList<>();
        List<RunOutput> made = run.outputs();
        for (int p = 0; p < made.size(); p++) {
            RunOutput o = made.get(p);
            outputs.add(new Output(p, o.inputPosition(), o.kind().name().toLowerCase(java.util.Locale.ROOT),
                    o.format().name().toLowerCase(java.util.Locale.ROOT), o.format().mediaType(), o.fileName(),
                    o.sha256().hex(), o.sizeBytes(), o.featureCount().isPresent() ? o.featureCount().getAsInt() : null,
                    "/api/runs/" + run.id() + "/outputs/" + p));
        }
        return new RunDetails(run.id(), run.status().name(), run.tool(), run.itemId(), run.versionNumber(),
                run.packageSha256().hex(), run.modelSha256().hex(), run.rasterId(), run.rasterSha256().hex(), inputs,
                run.argumentsJson(), run.tilesDone(), run.tilesTotal(),
                run.tilesTotal() == 0 ? 0 : (double) run.tilesDone() / run.tilesTotal(), eta(run, now),
                run.message().orElse(null), run.cancelRequested(), run.retryOf().orElse(null), run.attempts(),
                run.node().orElse(null), run.resultSha256().map(h -> h.hex()).orElse(null), run.resultSize().orElse(null),
                outputs.isEmpty() ? null : outputs.get(0).href(), outputs, summary(run), telemetry(run),
                run.createdAt(), run.startedAt().orElse(null), run.finishedAt().orElse(null),
                findings.stream().map(PreflightFinding::toString).toList());
    }

    /** The tool's name for people. */
    public String toolLabel() {
        return Tool.named(tool).map(Tool::label).orElse(tool);
    }

    /** The input of this role, if the run has one. */
    public List<Input> inputs(RunInput.Role role) {
        String name = role.name().toLowerCase(java.util.Locale.ROOT);
        return inputs.stream().filter(i -> i.role().equals(name)).toList();
    }

    private static Long eta(InferenceRun run, Instant now) {
        if (run.status() != org.rasterhub.core.run.RunStatus.RUNNING || run.tilesDone() == 0
                || run.heartbeatAt().isEmpty() || run.startedAt().isEmpty()) {
            return null;
        }
        long spent = Duration.between(run.startedAt().get(), now).toMillis();
        return Math.max(1, spent * (run.tilesTotal() - run.tilesDone()) / run.tilesDone() / 1000);
    }

    private static RunTelemetry telemetry(InferenceRun run) {
        try {
            return run.telemetryJson().isPresent() ? JSON.readValue(run.telemetryJson().get(), RunTelemetry.class)
                    : null;
        } catch (IOException e) {
            return null; // written by an older or newer runner: the run stands without it
        }
    }

    private static JsonNode summary(InferenceRun run) {
        try {
            return run.summaryJson().isPresent() ? JSON.readTree(run.summaryJson().get()) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
