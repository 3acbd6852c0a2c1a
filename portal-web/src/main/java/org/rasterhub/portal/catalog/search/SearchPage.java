package org.rasterhub.portal.catalog.search;

import java.util.List;
import org.rasterhub.portal.catalog.ItemSummary;

/**
 * One page of a search and how many items match in all, counting only items the caller may see.
 *
 * @param page 0-based
 */
public record SearchPage(long total, int page, int size, List<ItemSummary> items) {
    public SearchPage {
        items = List.copyOf(items);
    }

    /** Pages needed for every match, at least 1. */
    public long pageCount() {
        return Math.max(1, (total + size - 1) / size);
    }
}
