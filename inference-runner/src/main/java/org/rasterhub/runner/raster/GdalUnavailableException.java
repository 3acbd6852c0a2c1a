package org.rasterhub.runner.raster;

/**
 * The GDAL native library could not be loaded or initialised in this JVM. An installation problem,
 * not a data problem: the message says what to run or set.
 */
public final class GdalUnavailableException extends IllegalStateException {
    private final String libraryPath;

    GdalUnavailableException(String message, String libraryPath, Throwable cause) {
        super(message, cause);
        this.libraryPath = libraryPath;
    }

    /** The {@code java.library.path} that was searched, as the JVM reported it. */
    public String libraryPath() {
        return libraryPath;
    }
}
