package org.rasterhub.portal.layer;

import org.rasterhub.core.layer.LayerItem;

/** A tile or extent was asked of a layer of the other type: imagery tiles of features, or the reverse. */
public final class WrongLayerTypeException extends RuntimeException {
    private final String code;

    WrongLayerTypeException(LayerItem layer, String format) {
        super(layer.type() == LayerItem.Type.IMAGERY
                ? "layer " + layer.id() + " is imagery; draw it from /api/layers/" + layer.id() + "/tiles/{z}/{x}/{y}.png"
                : "layer " + layer.id() + " holds features; draw them from /api/layers/" + layer.id()
                        + "/data/geojson or its vector tiles");
        this.code = layer.type() == LayerItem.Type.IMAGERY ? "not_a_feature_layer" : "not_an_imagery_layer";
    }

    /** The error code clients branch on. */
    public String code() {
        return code;
    }
}
