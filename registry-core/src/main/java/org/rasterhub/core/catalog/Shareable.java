package org.rasterhub.core.catalog;

import java.util.Set;

/**
 * Anything shared like a catalog item: model items and result layers. One set of rules decides who
 * sees it (the portal's ItemAccess), from these three facts.
 */
public interface Shareable {
    String owner();

    Sharing sharing();

    /** Ids of the groups it is shared with; empty when private. */
    Set<Long> groups();
}
