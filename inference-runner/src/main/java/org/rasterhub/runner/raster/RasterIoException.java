package org.rasterhub.runner.raster;

import java.io.IOException;
import java.nio.file.Path;

/** Reading or writing a raster file failed; the message quotes GDAL's own error where it gave one. */
public class RasterIoException extends IOException {
    private final Path file;
    private final String reason;

    public RasterIoException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
        this.reason = message;
    }

    /** What is wrong, without the file's path: for messages to users, who must not see server paths. */
    public String reason() {
        return reason;
    }

    /** The raster file that could not be read or written. */
    public Path file() {
        return file;
    }
}
