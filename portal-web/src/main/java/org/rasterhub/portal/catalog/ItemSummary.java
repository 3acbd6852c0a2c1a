package org.rasterhub.portal.catalog;

import java.time.Instant;
import java.util.List;
import org.rasterhub.core.catalog.Sharing;

/** One row of the catalog list. */
public record ItemSummary(long id, String title, String summary, List<String> tags, Sharing sharing, String owner,
                          int version, String modelType, String framework, int classCount, Instant modified) {
}
