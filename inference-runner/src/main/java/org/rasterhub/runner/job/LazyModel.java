package org.rasterhub.runner.job;

import java.util.Optional;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.StageTimes.Stage;

/**
 * A run's model, loaded when first asked for: a runner that finds no work unit left to claim loads
 * none. Used by one thread.
 */
final class LazyModel implements UnitWorker.ModelSource, AutoCloseable {
    /** Loads the model (and checks what it must first). */
    @FunctionalInterface
    interface Loader {
        InferenceModel load() throws Exception;
    }

    private final Loader loader;
    private final StageTimes times;
    private InferenceModel model;

    /** @param times takes the loading time, as {@link Stage#LOAD_MODEL} */
    LazyModel(Loader loader, StageTimes times) {
        this.loader = loader;
        this.times = times;
    }

    @Override
    public InferenceModel get() throws Exception {
        if (model == null) {
            long loading = System.nanoTime();
            model = loader.load();
            times.since(Stage.LOAD_MODEL, loading);
        }
        return model;
    }

    /** The engine of the model, if it was loaded. */
    Optional<String> engineName() {
        return Optional.ofNullable(model).map(InferenceModel::engineName);
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }
}
