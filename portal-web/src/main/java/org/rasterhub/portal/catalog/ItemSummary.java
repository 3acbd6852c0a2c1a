package org.rasterhub.portal.catalog;

import java.time.Instant;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.ItemVersion;

/** One row of the catalog list. */
public record ItemSummary(long id, String title, String owner, int version, String modelType,
                          String framework, int classCount, Instant modified) {

    static ItemSummary of(CatalogItem item) {
        ItemVersion latest = item.latestVersion();
        return new ItemSummary(item.id().value(), item.title(), item.owner(), latest.number(),
                latest.modelType(), latest.framework().orElse(null), latest.classes().size(), item.modifiedAt());
    }
}
