package org.rasterhub.portal.run;

import org.rasterhub.runner.job.WriteConflicts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.rasterhub.portal.security.SignedInUser;

/**
 * Cancels a run for its owner, outside any transaction so that it can try again: the worker writes
 * the run's progress every second, and a cancel whose transaction read the run just before such a
 * write fails at commit (optimistic locking) instead of being undone by it; it is then read and
 * written again ({@link WriteConflicts}).
 */
@ApplicationScoped
public class RunCancellation {
    private final RunService runs;

    @Inject
    public RunCancellation(RunService runs) {
        this.runs = runs;
    }

    protected RunCancellation() {
        this(null); // for the CDI proxy only
    }

    /** {@link RunService#cancel}, again where another write to the run came first. */
    public RunDetails cancel(long runId, SignedInUser user) {
        return WriteConflicts.retrying(() -> runs.cancel(runId, user));
    }
}
