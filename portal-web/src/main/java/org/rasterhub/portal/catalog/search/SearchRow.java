package org.rasterhub.portal.catalog.search;

import java.time.Instant;
import org.rasterhub.core.catalog.Sharing;

/**
 * One result as the search index knows it; {@link CatalogSearch#page} adds the title, summary and
 * tags from the catalog.
 */
record SearchRow(long id, String owner, Sharing sharing, Instant modified, int version, String modelType,
                 String framework, int classCount) {
}
