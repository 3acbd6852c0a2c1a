package org.rasterhub.runner.job;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress and heartbeat of one attempt of a run, reported at most once a second from the worker
 * thread and every {@value RunJob#HEARTBEAT_SECONDS} s from the heartbeat thread; turns a cancel
 * request into {@link RunCancelledException} and a newer attempt into {@link StaleAttemptException}
 * at the worker's next tile.
 */
final class RunTracker implements UnitRun.RunProgress {
    private static final System.Logger LOG = System.getLogger(RunTracker.class.getName());
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    private final RunLedger store;
    private final long runId;
    private final int attempt;
    private final AtomicLong unitsDone;
    private volatile boolean cancelRequested;
    private volatile StaleAttemptException stale;
    private long lastReport = System.nanoTime();

    RunTracker(RunLedger store, long runId, int attempt, AtomicLong unitsDone) {
        this.store = store;
        this.runId = runId;
        this.attempt = attempt;
        this.unitsDone = unitsDone;
    }

    /** On the worker thread, after every tile or feature. */
    @Override
    public void done(long units) {
        // Stages after the tiles (writing the COG) report their own small counts: keep the most.
        long most = unitsDone.accumulateAndGet(units, Math::max);
        if (!cancelRequested && System.nanoTime() - lastReport > PROGRESS_EVERY_NANOS) {
            lastReport = System.nanoTime();
            report(most);
        }
        if (stale != null) {
            throw stale;
        }
        if (cancelRequested) {
            throw new RunCancelledException(most);
        }
    }

    /** On the heartbeat thread: the run is alive even while one tile takes long. */
    void beat() {
        report(unitsDone.get());
    }

    @Override
    public void reportNow() {
        beat();
    }

    private void report(long units) {
        try {
            cancelRequested = store.progress(runId, attempt, (int) units);
        } catch (StaleAttemptException e) {
            stale = e;
        } catch (RuntimeException e) {
            // The row written by the other thread (or a cancel) at the same moment: the next report
            // reads it again. No reason to fail a run.
            LOG.log(Level.DEBUG, "progress of run " + runId + " not recorded: " + e.getMessage());
        }
    }
}
