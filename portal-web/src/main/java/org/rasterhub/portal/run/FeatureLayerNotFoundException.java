package org.rasterhub.portal.run;

/** No feature layer has this id. */
public final class FeatureLayerNotFoundException extends RuntimeException {
    public FeatureLayerNotFoundException(long id) {
        super("no feature layer with id " + id);
    }
}
