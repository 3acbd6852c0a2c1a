package org.rasterhub.runner.raster;

import java.io.IOException;
import java.nio.file.Path;

/** Reading or writing a raster file failed; the message quotes GDAL's own error where it gave one. */
public final class RasterIoException extends IOException {
    private final Path file;

    public RasterIoException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    /** The raster file that could not be read or written. */
    public Path file() {
        return file;
    }
}
