package org.rasterhub.portal.run;

/** An uploaded file that GDAL cannot read as a raster; nothing was stored. */
public final class NotARasterException extends Exception {
    private final String fileName;

    public NotARasterException(String fileName, String reason) {
        super(fileName + ": not a raster GDAL can read (" + reason + "); nothing was stored");
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
