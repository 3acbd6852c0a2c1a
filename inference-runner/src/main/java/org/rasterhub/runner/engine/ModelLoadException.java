package org.rasterhub.runner.engine;

import java.nio.file.Path;

/** A model file could not be loaded into the inference engine. */
public final class ModelLoadException extends Exception {
    private final Path modelFile;
    private final String reason;

    ModelLoadException(Path modelFile, String reason, Throwable cause) {
        super("cannot load model " + modelFile + ": " + reason, cause);
        this.modelFile = modelFile;
        this.reason = reason;
    }

    /** Why it could not be loaded, without the file's path (a runner's work folder): for users. */
    public String reason() {
        return reason;
    }

    /** The model file that failed to load. */
    public Path modelFile() {
        return modelFile;
    }
}
