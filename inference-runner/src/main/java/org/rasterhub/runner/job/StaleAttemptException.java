package org.rasterhub.runner.job;

import org.rasterhub.core.run.InferenceRun;

/**
 * A worker wrote for an attempt its run no longer runs: the run was put back in the queue while the
 * worker was silent, started again elsewhere, cancelled before it started, or failed. The worker stops
 * and writes nothing more; the newer attempt (or the recorded outcome) stands.
 */
public final class StaleAttemptException extends RuntimeException {
    StaleAttemptException(long runId, int attempt, InferenceRun now) {
        super("run " + runId + " attempt " + attempt + " is stale: the run is " + now.status() + " at attempt "
                + now.attempts(), null, false, false);
    }
}
