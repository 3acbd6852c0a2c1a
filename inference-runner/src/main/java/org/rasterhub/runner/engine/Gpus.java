package org.rasterhub.runner.engine;

import java.nio.file.Path;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;

/** Counts CUDA GPUs without starting an engine, and turns a {@link Processor} into a DJL device. */
final class Gpus {
    private static volatile Integer count;

    private Gpus() {
    }

    /**
     * GPUs CUDA reports, 0 where there is no driver or no CUDA runtime. Counted once: GPUs do not
     * come and go under a running server.
     */
    static int count() {
        Integer known = count;
        if (known == null) {
            int found;
            try {
                // cudaGetDeviceCount through JNA; without CUDA DJL logs why and returns 0.
                found = CudaUtils.getGpuCount();
            } catch (RuntimeException | LinkageError e) {
                found = 0;
            }
            count = known = Math.max(found, 0);
        }
        return known;
    }

    /**
     * The one DJL device a model file is to be loaded on.
     *
     * @throws ModelLoadException when the GPU asked for is not on this machine: a run never falls
     *     back to the CPU silently
     * @throws IllegalArgumentException when the processor names several GPUs
     */
    static Device device(Path file, Processor processor) throws ModelLoadException {
        if (!processor.isGpu()) {
            return Device.cpu();
        }
        if (processor.gpuIds().size() > 1) {
            throw new IllegalArgumentException("one model runs on one device, " + processor
                + " names several; load one model per GPU");
        }
        int id = processor.gpuIds().get(0);
        int gpus = count();
        if (gpus == 0) {
            throw new ModelLoadException(file, "the run asks for GPU " + id + " but this machine has none "
                + "(CUDA reports no device); choose processor type CPU", null);
        }
        if (id >= gpus) {
            throw new ModelLoadException(file, "the run asks for GPU " + id + " but this machine has " + gpus
                + " GPU(s) (ids 0-" + (gpus - 1) + ")", null);
        }
        return Device.gpu(id);
    }
}
