package org.rasterhub.portal.catalog;

import java.time.Instant;
import java.util.List;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.ItemVersion;
import org.rasterhub.core.catalog.Sharing;

/** One row of the catalog list. */
public record ItemSummary(long id, String title, String summary, List<String> tags, Sharing sharing, String owner,
                          int version, String modelType, String framework, int classCount, Instant modified) {

    static ItemSummary of(CatalogItem item) {
        ItemVersion latest = item.latestVersion();
        return new ItemSummary(item.id().value(), item.title(), item.summary().orElse(null), List.copyOf(item.tags()),
                item.sharing(), item.owner(), latest.number(),
                latest.modelType(), latest.framework().orElse(null), latest.classes().size(), item.modifiedAt());
    }
}
