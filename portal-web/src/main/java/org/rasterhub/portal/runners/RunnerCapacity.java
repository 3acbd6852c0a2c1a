package org.rasterhub.portal.runners;

import java.util.List;

/**
 * What pre-flight judges a run against: the runners online now. Any of them may claim the run, so
 * its memory must fit the smallest heap among them; a GPU run needs a runner with that many GPUs.
 *
 * @param online    runners online now
 * @param gpus      the most GPUs any online runner has
 * @param heapBytes the smallest heap of an online runner, or a default runner's when none is online
 */
public record RunnerCapacity(int online, int gpus, long heapBytes) {
    /** The heap {@code scripts/start-runner.sh} gives a runner by default (RASTERHUB_RUNNER_MAX_HEAP=1g). */
    public static final long DEFAULT_HEAP_BYTES = 1L << 30;

    public static RunnerCapacity of(List<RunnerStatus> online) {
        return new RunnerCapacity(online.size(), online.stream().mapToInt(r -> r.gpus().size()).max().orElse(0),
                online.stream().mapToLong(RunnerStatus::maxHeapBytes).min().orElse(DEFAULT_HEAP_BYTES));
    }
}
