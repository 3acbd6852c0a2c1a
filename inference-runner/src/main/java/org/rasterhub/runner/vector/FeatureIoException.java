package org.rasterhub.runner.vector;

import java.io.IOException;
import java.nio.file.Path;

/** Reading or writing a feature file failed; the message names the file and quotes GDAL's reason. */
public final class FeatureIoException extends IOException {
    private final Path file;

    FeatureIoException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    /** The feature file that could not be read or written. */
    public Path file() {
        return file;
    }
}
