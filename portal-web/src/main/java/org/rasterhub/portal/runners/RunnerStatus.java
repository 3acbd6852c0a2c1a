package org.rasterhub.portal.runners;

import java.time.Instant;
import java.util.List;

/**
 * One runner process as the Runners page and {@code GET /api/runners} show it.
 *
 * @param state          {@code ONLINE} while its heartbeat (database time) is recent, else {@code OFFLINE}
 * @param gpus           the GPU ids it may use; empty for a CPU runner
 * @param engines        the model engines it has ({@code onnx_runtime}, {@code pytorch})
 * @param secondsSilent  seconds since its last heartbeat, by the database's clock
 * @param currentRun     the run it works now, or null
 * @param tilesPerSecond the current run's tiles (or features) per second so far, or null
 * @param runsSucceeded  runs whose last attempt it ran and that succeeded
 * @param currentUnit    the work unit it works now, of a run split into units (its own or another
 *                       runner's), or null
 * @param unitsDone      work units it finished, over all runs
 */
public record RunnerStatus(String name, String state, int threads, List<Integer> gpus, List<String> engines,
                           long maxHeapBytes, Instant startedAt, Instant lastHeartbeat, long secondsSilent,
                           Long currentRun, Integer tilesDone, Integer tilesTotal, Double tilesPerSecond,
                           long runsSucceeded, Unit currentUnit, long unitsDone) {

    /** A work unit: the run it belongs to, its index (from 0) and the run's units in all. */
    public record Unit(long run, int index, int of) {
    }

    public boolean online() {
        return "ONLINE".equals(state);
    }
}
