package org.rasterhub.portal.run;

import java.nio.file.Path;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.raster.RefusedFileException;

/**
 * A file that RasterHub will not read as a raster: GDAL cannot read it, or only with a driver that is
 * not for user files (a VRT, say; the message names it). Nothing was stored.
 */
public final class NotARasterException extends Exception {
    private final String fileName;

    public NotARasterException(String fileName, String reason) {
        super(fileName + ": not a raster GDAL can read (" + reason + "); nothing was stored");
        this.fileName = fileName;
    }

    private NotARasterException(String fileName, String reason, boolean refused) {
        super(fileName + ": " + reason + "; nothing was stored");
        this.fileName = fileName;
    }

    /**
     * Why {@code file}, known to the user as {@code fileName}, was not read; the server's path to it
     * is replaced by that name wherever GDAL quoted it.
     */
    public static NotARasterException of(String fileName, Path file, RasterIoException e) {
        String reason = e.reason().replace(file.toAbsolutePath().normalize().toString(), fileName)
                .replace(file.toString(), fileName);
        return e instanceof RefusedFileException
                ? new NotARasterException(fileName, reason, true)
                : new NotARasterException(fileName, reason);
    }

    public String fileName() {
        return fileName;
    }
}
