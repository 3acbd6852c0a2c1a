package org.rasterhub.runner.vector;

import java.util.List;

/**
 * Features read from a file: the layer's name, its attribute columns in order, and its features
 * with geometries in the CRS they were reprojected into.
 */
public record FeatureLayer(String name, List<Field> fields, List<VectorFeature> features) {

    public FeatureLayer {
        if (name == null || fields == null || features == null) {
            throw new IllegalArgumentException("name, fields and features are required");
        }
        fields = List.copyOf(fields);
        features = List.copyOf(features);
    }
}
