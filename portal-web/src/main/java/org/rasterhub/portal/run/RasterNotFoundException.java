package org.rasterhub.portal.run;

/** No imagery item has this id. */
public final class RasterNotFoundException extends RuntimeException {
    public RasterNotFoundException(long id) {
        super("no raster with id " + id);
    }
}
