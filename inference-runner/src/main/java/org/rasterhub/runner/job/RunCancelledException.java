package org.rasterhub.runner.job;

/** Thrown out of a tool's progress callback to stop a run someone cancelled. */
public final class RunCancelledException extends RuntimeException {
    final long unitsDone;

    RunCancelledException(long unitsDone) {
        super("cancelled", null, false, false);
        this.unitsDone = unitsDone;
    }
}
