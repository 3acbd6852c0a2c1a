package org.rasterhub.runner.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.rasterhub.core.run.DatabaseTime;
import org.rasterhub.core.run.InferenceRun;
import org.rasterhub.core.run.RunStatus;

/**
 * GPU work goes to GPU runners. JobRunr's open-source queue hands any job to any runner (server tags
 * are a paid feature), so a runner given a run that asks for GPUs it lacks does not start it: it
 * queues the run's job again for another runner (a hand-on), a few seconds later. A run no runner
 * online can take fails with the reason instead of going round for ever.
 */
final class GpuRouting {
    /**
     * A GPU runner heard from this recently may take a run handed on: longer than the portal's 15 s
     * of "online", so that a GPU runner restarting, or slow for a moment, does not fail the runs
     * waiting for it.
     */
    static final Duration RECENT = Duration.ofSeconds(60);

    private final Transactions transactions;
    private final List<Integer> gpus;

    /** @param gpus this runner's GPU ids; empty for a CPU runner */
    GpuRouting(Transactions transactions, List<Integer> gpus) {
        this.transactions = transactions;
        this.gpus = List.copyOf(gpus);
    }

    /** A run handed on: its attempts so far and hand-ons, which name its next job. */
    record HandOn(int attempts, int handOns) {
    }

    /** Whether this runner can run the plan: a CPU run, or a GPU run whose GPUs it has. */
    boolean canRun(RunPlan plan) {
        return !wantsGpu(plan) || !gpus.isEmpty() && gpus.containsAll(wantedIds(plan));
    }

    /**
     * The devices a GPU run runs on here: the ids it asks for, or every GPU of this runner, one model
     * copy on each (a batch on every GPU at once).
     */
    int[] devices(RunPlan plan) {
        List<Integer> ids = wantedIds(plan);
        return (ids.isEmpty() ? gpus : ids).stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Hands a queued run on to another runner, or fails it when no runner online has the GPUs it asks
     * for.
     *
     * @return the hand-on, whose job the caller queues; empty when the run is no longer queued or
     *     was failed here
     */
    Optional<HandOn> handOn(long runId, RunPlan plan) {
        return WriteConflicts.retrying(() -> transactions.inTransaction(em -> {
            InferenceRun run = RunLedger.require(em, runId);
            if (run.status() != RunStatus.QUEUED) {
                return Optional.<HandOn>empty();
            }
            Instant now = DatabaseTime.now(em);
            @SuppressWarnings("unchecked")
            List<Object> online = em.createNativeQuery("SELECT gpus FROM runner_node WHERE heartbeat_at > ?1")
                    .setParameter(1, now.minus(RECENT)).getResultList();
            List<Integer> wanted = wantedIds(plan);
            boolean somewhere = online.stream().map(String::valueOf).map(GpuRouting::ids)
                    .anyMatch(ids -> !ids.isEmpty() && ids.containsAll(wanted));
            if (!somewhere) {
                run.fail("it asks for " + (wanted.isEmpty() ? "a GPU" : "GPU " + wanted) + " and no runner seen in the"
                        + " last minute has"
                        + (wanted.isEmpty() ? " one" : " them") + "; start a runner with RASTERHUB_RUNNER_GPUS, or"
                        + " retry it on the CPU", now);
                return Optional.<HandOn>empty();
            }
            return Optional.of(new HandOn(run.attempts(), run.handOn()));
        }));
    }

    private static boolean wantsGpu(RunPlan plan) {
        return "GPU".equals(plan.arguments().processorType());
    }

    private static List<Integer> wantedIds(RunPlan plan) {
        List<Integer> ids = plan.arguments().gpuIds();
        return ids == null ? List.of() : ids;
    }

    private static List<Integer> ids(String csv) {
        return csv == null || csv.isBlank() ? List.of()
                : java.util.Arrays.stream(csv.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }
}
