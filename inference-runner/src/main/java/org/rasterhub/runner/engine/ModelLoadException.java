package org.rasterhub.runner.engine;

import java.nio.file.Path;

/** A model file could not be loaded into the inference engine. */
public final class ModelLoadException extends Exception {
    private final Path modelFile;

    ModelLoadException(Path modelFile, String reason, Throwable cause) {
        super("cannot load model " + modelFile + ": " + reason, cause);
        this.modelFile = modelFile;
    }

    /** The model file that failed to load. */
    public Path modelFile() {
        return modelFile;
    }
}
