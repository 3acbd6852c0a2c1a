package org.rasterhub.portal.run;

import java.time.Instant;
import org.rasterhub.core.run.FeatureItem;

/** A feature layer (the input of Classify Objects) as the API shows it. */
public record FeatureLayerDetails(long id, String title, String owner, String fileName, String format, String sha256,
                                  long size, int features, String geometryType, Integer epsg, Instant created) {

    static FeatureLayerDetails of(FeatureItem f) {
        return new FeatureLayerDetails(f.id(), f.title(), f.owner(), f.fileName(), f.format(), f.sha256().hex(),
                f.sizeBytes(), f.featureCount(), f.geometryType(), f.epsg().isPresent() ? f.epsg().getAsInt() : null,
                f.createdAt());
    }
}
