package org.rasterhub.runner.job;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The ids of a run's jobs in JobRunr's tables, derived from the run so that queueing one again is a
 * no-op (JobRunr skips a job whose id exists) and the portal's recovery can look a job up: the run's
 * job (per attempts so far and generation), a job handed on by a runner that could not run it, and
 * the helpers of a run split into work units.
 */
public final class RunJobIds {
    private RunJobIds() {
    }

    /** The run's job after {@code attempts} attempts; generation 1 and up replace lost ones. */
    public static UUID run(long runId, int attempts, int generation) {
        return id("rasterhub-run-" + runId + "-after-" + attempts + "-job-" + generation);
    }

    /** The job a runner queued again for another runner, its {@code handOns}-th hand-on. */
    public static UUID handedOn(long runId, int attempts, int handOns) {
        return id("rasterhub-run-" + runId + "-after-" + attempts + "-handed-on-" + handOns);
    }

    /** The {@code helper}-th helper job of the run's {@code attempt}. */
    public static UUID helper(long runId, int attempt, int helper) {
        return id("rasterhub-run-" + runId + "-attempt-" + attempt + "-helper-" + helper);
    }

    private static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
