package org.rasterhub.core.catalog;

/**
 * Who besides its owner sees an item, as in an ArcGIS portal. The groups an item is shared with are
 * kept at {@link #GROUPS}, {@link #ORGANIZATION} and {@link #PUBLIC} (so going back from organization
 * to groups keeps them); {@link #PRIVATE} means the owner alone, so it shares with no group.
 */
public enum Sharing {
    /** The owner (and administrators) only; no groups. */
    PRIVATE,
    /** The owner and members of the groups the item is shared with. */
    GROUPS,
    /** Every signed-in account of the portal. */
    ORGANIZATION,
    /** Everyone, anonymous visitors included. */
    PUBLIC;

    /** The groups something shared at this level keeps: none when private, else exactly these. */
    public java.util.Set<Long> keptGroups(java.util.Collection<Long> groupIds) {
        return this == PRIVATE ? java.util.Set.of() : new java.util.TreeSet<>(groupIds);
    }
}
