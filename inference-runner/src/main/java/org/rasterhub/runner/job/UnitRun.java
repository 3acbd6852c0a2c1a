package org.rasterhub.runner.job;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rasterhub.core.run.RunTelemetry;
import org.rasterhub.core.run.RunUnit;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.StageTimes.Stage;

/**
 * A run split into work units, as its coordinator sees it: the runner whose job holds the run's
 * attempt creates the units (or finds those of an earlier attempt, which it resumes), queues helper
 * jobs that any runner may take, works units itself, waits for the rest (taking over any whose
 * runner went silent), and merges their outputs into the run's. The outputs are what one runner
 * working the run whole writes, byte for byte.
 */
final class UnitRun {
    /**
     * Tiles a unit holds, about (whole tile rows; system property {@code rasterhub.runner.unitTiles},
     * from {@code RASTERHUB_RUNNER_UNIT_TILES}): 256 tiles of 256² pixels take 10-60 s on one core.
     */
    static final int UNIT_TILES = Math.max(1, Integer.getInteger("rasterhub.runner.unitTiles", 256));
    /** Helper jobs queued for one run at most: more runners than this do not speed one run up. */
    static final int MAX_HELPERS = 16;
    private static final long WAIT_MILLIS = 1000;
    /** How often the coordinator asks again for helpers that nobody could take. */
    private static final long HELPERS_AGAIN_NANOS = 10_000_000_000L;
    private static final System.Logger LOG = System.getLogger(UnitRun.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Queues the jobs that help with a run's units on any runner. */
    @FunctionalInterface
    interface Helpers {
        /** No helpers: the coordinator works every unit itself. */
        Helpers NONE = (runId, attempt, count) -> true;

        /**
         * Queues {@code count} helper jobs for the run's {@code attempt}; queueing them again does
         * nothing.
         *
         * @return false when it queued none because no other worker could take them now (one runner
         *     of one thread): the coordinator asks again later
         */
        boolean enqueue(long runId, int attempt, int count);
    }

    /** How the coordinator reports to its run: progress (which throws on cancel), and a report now. */
    interface RunProgress extends ToolExecution.UnitProgress {
        /** Reports at once, so that a cancel or a newer attempt is known at the next {@link #done}. */
        void reportNow();
    }

    /** The run's outputs, and where each of its units ran. */
    record Merged(ToolExecution.Produced produced, List<RunTelemetry.WorkUnit> units) {
    }

    private final UnitLedger ledger;
    private final UnitWorker worker;
    private final BlobStore blobs;
    private volatile Helpers helpers = Helpers.NONE;

    UnitRun(UnitLedger ledger, BlobStore blobs) {
        this.ledger = ledger;
        this.worker = new UnitWorker(ledger, blobs);
        this.blobs = blobs;
    }

    void useHelpers(Helpers helpers) {
        this.helpers = helpers;
    }

    UnitWorker worker() {
        return worker;
    }

    /**
     * Works the run's units with whoever helps, then merges them, adding every unit's stage times to
     * {@code times}.
     */
    Merged coordinate(long runId, int attempt, RunPlan plan, ToolExecution tool, ToolExecution.Inputs inputs,
                      List<WorkUnit> planned, String device, UnitWorker.ModelSource model, Path work,
                      RunProgress progress, StageTimes times) throws Exception {
        List<WorkUnit> units = ledger.ensure(runId, attempt, planned);
        int helping = Math.min(units.size() - 1, MAX_HELPERS);
        boolean helpersQueued = helpers.enqueue(runId, attempt, helping);
        long helpersAsked = System.nanoTime();
        while (true) {
            if (!helpersQueued && System.nanoTime() - helpersAsked > HELPERS_AGAIN_NANOS) {
                // A runner that came online since may help with the rest.
                helpersQueued = helpers.enqueue(runId, attempt, helping);
                helpersAsked = System.nanoTime();
            }
            long done = doneTiles(runId);
            progress.done(done);
            UnitLedger.Outcome outcome = worker.workNext(runId, plan, tool, inputs, device, model, work,
                    tiles -> progress.done(done + tiles));
            switch (outcome) {
                case CLAIMED -> {
                    // the next one
                }
                case ALL_DONE -> {
                    return merge(runId, plan, tool, inputs, work, times);
                }
                case RUN_OVER -> {
                    // Cancelled, failed (a unit lost too often) or taken by a newer attempt: the report
                    // learns which, and the next done() throws it.
                    progress.reportNow();
                    Thread.sleep(WAIT_MILLIS);
                }
                case WAIT -> Thread.sleep(WAIT_MILLIS);
            }
        }
    }

    private long doneTiles(long runId) {
        return ledger.units(runId).stream().filter(u -> u.state() == RunUnit.State.DONE).mapToLong(RunUnit::tiles)
                .sum();
    }

    private Merged merge(long runId, RunPlan plan, ToolExecution tool, ToolExecution.Inputs inputs, Path work,
                         StageTimes times) throws Exception {
        List<ToolExecution.UnitOutput> outputs = new ArrayList<>();
        List<RunTelemetry.WorkUnit> telemetry = new ArrayList<>();
        for (RunUnit unit : ledger.units(runId)) {
            ContentHash output = unit.output().orElseThrow(() -> new IllegalStateException("unit " + unit.unitIndex()
                    + " of run " + runId + " is done without an output"));
            blobs.verify(output);
            outputs.add(new ToolExecution.UnitOutput(UnitLedger.workUnit(unit), blobs.path(output)));
            telemetry.add(new RunTelemetry.WorkUnit(unit.unitIndex(), unit.inputPosition(), unit.firstRow(),
                    unit.endRow(), unit.tiles(), unit.node().orElse(null), unit.device().orElse(null), unit.claims()));
            if (unit.stageMillisJson().isPresent()) {
                Map<String, Long> millis = JSON.readValue(unit.stageMillisJson().get(), new TypeReference<>() { });
                for (Stage stage : Stage.values()) {
                    times.add(stage, millis.getOrDefault(stage.key(), 0L));
                }
            }
        }
        LOG.log(Level.INFO, "merging run={0} units={1}", runId, outputs.size());
        return new Merged(tool.merge(plan, inputs, outputs, work, times), telemetry);
    }
}
