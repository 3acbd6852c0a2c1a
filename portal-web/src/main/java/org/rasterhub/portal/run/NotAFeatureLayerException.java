package org.rasterhub.portal.run;

/** An uploaded file that OGR cannot read as a GeoJSON or GeoPackage feature layer; nothing was stored. */
public final class NotAFeatureLayerException extends Exception {
    private final String fileName;

    public NotAFeatureLayerException(String fileName, String reason) {
        super(fileName + ": not a feature layer RasterHub can read (" + reason + "); nothing was stored");
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
