package org.rasterhub.runner.engine;

import java.nio.file.Path;
import java.util.Arrays;

/** Running a loaded model failed, typically because the input does not match what it expects. */
public final class InferenceException extends Exception {
    private final Path modelFile;
    private final long[] inputShape;

    InferenceException(Path modelFile, long[] inputShape, String reason, Throwable cause) {
        // The file's name only: the message reaches users (a failed run's cause), its folder is the server's.
        super("model " + modelFile.getFileName() + " failed on input " + Arrays.toString(inputShape) + ": "
            + reason, cause);
        this.modelFile = modelFile;
        this.inputShape = inputShape.clone();
    }

    /** The model that failed. */
    public Path modelFile() {
        return modelFile;
    }

    /** Shape of the input it failed on; a copy. */
    public long[] inputShape() {
        return inputShape.clone();
    }
}
