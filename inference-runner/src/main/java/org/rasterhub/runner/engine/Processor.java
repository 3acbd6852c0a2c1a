package org.rasterhub.runner.engine;

import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a model runs: the CPU, or one or more GPUs by CUDA device id (0-based, as
 * {@code nvidia-smi} lists them). A model loaded on several GPUs holds one copy per GPU and spreads
 * calls over them.
 *
 * @param gpuIds the GPUs to use, each once; empty for the CPU
 */
public record Processor(List<Integer> gpuIds) {
    /** The CPU, with the engine's own thread pool. */
    public static final Processor CPU = new Processor(List.of());

    public Processor {
        gpuIds = List.copyOf(gpuIds);
        if (new HashSet<>(gpuIds).size() != gpuIds.size()) {
            throw new IllegalArgumentException("each GPU id may be named once, found " + gpuIds);
        }
        for (int id : gpuIds) {
            if (id < 0) {
                throw new IllegalArgumentException("GPU ids start at 0, found " + id);
            }
        }
    }

    /**
     * The GPUs with these CUDA device ids.
     *
     * @throws IllegalArgumentException when no id is given, one is negative or repeated
     */
    public static Processor gpu(int... ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("name at least one GPU id; use Processor.CPU for the CPU");
        }
        return new Processor(java.util.Arrays.stream(ids).boxed().toList());
    }

    public boolean isGpu() {
        return !gpuIds.isEmpty();
    }

    /** "CPU", "GPU 0", "GPUs 0, 1". */
    @Override
    public String toString() {
        if (!isGpu()) {
            return "CPU";
        }
        return (gpuIds.size() == 1 ? "GPU " : "GPUs ")
                + gpuIds.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
