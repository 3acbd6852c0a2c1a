package org.rasterhub.runner.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.StageTimes.Stage;
import org.rasterhub.runner.telemetry.TimedModel;

/**
 * Works a run's units one after another on this thread until none is left to claim: each unit's
 * output is stored content-addressed and recorded on its row, with its stage times. A unit's worker
 * beats its heart every {@value RunJob#HEARTBEAT_SECONDS} s; a unit silent for {@link #SILENCE} is
 * free to claim again (its runner died), so a killed runner loses only its unit.
 */
final class UnitWorker {
    /**
     * A claimed unit silent this long lost its runner (system property {@code
     * rasterhub.unitSilenceSeconds}, at least two heartbeats).
     */
    static final Duration SILENCE = Duration.ofSeconds(Math.max(RunJob.HEARTBEAT_SECONDS * 2 + 1,
            Long.getLong("rasterhub.unitSilenceSeconds", RunJob.HEARTBEAT_SECONDS * 3 + 5)));
    private static final System.Logger LOG = System.getLogger(UnitWorker.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A worker whose unit was claimed by another, or whose run stopped running. */
    static final class UnitLostException extends RuntimeException {
        UnitLostException(String message) {
            super(message, null, false, false);
        }
    }

    /** The model, loaded on the first unit claimed (a helper that finds nothing to do loads none). */
    interface ModelSource {
        InferenceModel get() throws Exception;
    }

    private final UnitLedger units;
    private final BlobStore blobs;

    UnitWorker(UnitLedger units, BlobStore blobs) {
        this.units = units;
        this.blobs = blobs;
    }

    /**
     * Claims a unit and works it. A worker told to stop (its run was cancelled or queued again, or
     * another took its unit over) gives its unit back and throws.
     *
     * @param onTile told the tiles done within the unit, after each tile (it may throw to stop)
     * @return CLAIMED when it worked a unit; else why there was none: WAIT (others work the rest),
     *     ALL_DONE or RUN_OVER
     * @throws UnitLostException when another worker took over the unit in hand, or the run stopped
     */
    UnitLedger.Outcome workNext(long runId, RunPlan plan, ToolExecution tool, ToolExecution.Inputs inputs,
                                String device, ModelSource model, Path work, ToolExecution.UnitProgress onTile)
            throws Exception {
        UnitLedger.Claim claim = units.claim(runId, device, SILENCE);
        if (claim.outcome() != UnitLedger.Outcome.CLAIMED) {
            return claim.outcome();
        }
        try {
            workOne(runId, plan, tool, inputs, model.get(), work, claim, onTile);
            return UnitLedger.Outcome.CLAIMED;
        } catch (UnitLostException | RunCancelledException | StaleAttemptException e) {
            release(runId, claim);
            throw e;
        } catch (Throwable e) {
            if (Thread.currentThread().isInterrupted()) {
                release(runId, claim); // the runner is stopping: not the unit's fault
            }
            throw e;
        }
    }

    private void release(long runId, UnitLedger.Claim claim) {
        try {
            units.release(claim.unitId(), claim.claim());
        } catch (RuntimeException e) {
            // It goes silent instead, and is claimed again after SILENCE (counted as lost once).
            LOG.log(Level.WARNING, "could not release unit " + claim.unit().index() + " of run " + runId + ": "
                    + e.getMessage());
        }
    }

    private void workOne(long runId, RunPlan plan, ToolExecution tool, ToolExecution.Inputs inputs,
                         InferenceModel model, Path work, UnitLedger.Claim claim, ToolExecution.UnitProgress onTile)
            throws Exception {
        WorkUnit unit = claim.unit();
        LOG.log(Level.INFO, "unit claimed run={0} unit={1} claim={2} rows={3}-{4}", runId, unit.index(), claim.claim(),
                unit.firstRow(), unit.endRow());
        StageTimes times = new StageTimes();
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
                r -> new Thread(r, "run-" + runId + "-unit-" + unit.index() + "-heartbeat"));
        AtomicBoolean wanted = new AtomicBoolean(true);
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                wanted.compareAndSet(true, units.beat(runId, claim.unitId(), claim.claim()));
            } catch (RuntimeException e) {
                // The database out of reach: the unit goes silent, and is claimed again if it stays so.
                LOG.log(Level.WARNING, "unit heartbeat failed run=" + runId + " unit=" + unit.index() + ": "
                        + e.getMessage());
            }
        }, RunJob.HEARTBEAT_SECONDS, RunJob.HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        Path values;
        try {
            values = tool.runUnit(plan, inputs, new TimedModel(model, times), unit, work, done -> {
                if (!wanted.get()) {
                    throw new UnitLostException("unit " + unit.index() + " of run " + runId
                            + " was taken over, or its run stopped; this worker stops");
                }
                onTile.done(done);
            }, times);
        } finally {
            heartbeat.shutdownNow();
            heartbeat.awaitTermination(30, TimeUnit.SECONDS);
        }
        long storing = System.nanoTime();
        ContentHash hash = ContentHash.ofFile(values);
        blobs.put(values, hash);
        Files.deleteIfExists(values);
        times.since(Stage.STORE, storing);
        if (!units.done(claim.unitId(), claim.claim(), hash, JSON.writeValueAsString(times.millis()))) {
            throw new UnitLostException("unit " + unit.index() + " of run " + runId + " was taken over meanwhile");
        }
        LOG.log(Level.INFO, "unit done run={0} unit={1} tiles={2}", runId, unit.index(), unit.tiles());
    }
}
