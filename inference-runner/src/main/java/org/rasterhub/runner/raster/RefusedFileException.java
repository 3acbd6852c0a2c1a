package org.rasterhub.runner.raster;

import java.nio.file.Path;

/**
 * A user's file that GDAL could read, but only with a driver RasterHub does not open for user files,
 * or only by reading other files too; see {@link GdalGate}. Nothing was read from it.
 */
public final class RefusedFileException extends RasterIoException {
    private final String driver;

    public RefusedFileException(Path file, String driver, String message) {
        super(file, message);
        this.driver = driver;
    }

    /** GDAL's short name of the driver the file was found to be for, e.g. {@code "VRT"}. */
    public String driver() {
        return driver;
    }
}
