package org.rasterhub.core.catalog;

/**
 * Who besides its owner sees an item, as in an ArcGIS portal. Groups an item is shared with count at
 * every level: an item at {@link #ORGANIZATION} that is also shared with a group is seen by the
 * group's members either way, and still by them when it goes back to {@link #GROUPS}.
 */
public enum Sharing {
    /** The owner (and administrators) only. */
    PRIVATE,
    /** The owner and members of the groups the item is shared with. */
    GROUPS,
    /** Every signed-in account of the portal. */
    ORGANIZATION,
    /** Everyone, anonymous visitors included. */
    PUBLIC
}
