package org.rasterhub.portal.ui.item;

import java.util.stream.Collectors;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.portal.catalog.ItemDetails;

/** How the item page names sharing levels: who sees the item, in words. */
final class SharingLabels {
    private SharingLabels() {
    }

    static String label(Sharing level) {
        return switch (level) {
            case PRIVATE -> "Private: only the owner and administrators";
            case GROUPS -> "Groups: members of the groups chosen below";
            case ORGANIZATION -> "Organization: everyone signed in";
            case PUBLIC -> "Public: everyone, also visitors who have not signed in";
        };
    }

    /** One line for the item page, e.g. "Shared with the groups Surveyors, Hydrology". */
    static String describe(ItemDetails item) {
        String groups = item.groups().stream().map(ItemDetails.SharedGroup::name).collect(Collectors.joining(", "));
        String level = switch (item.sharing()) {
            case PRIVATE -> "Private: only " + item.owner() + " and administrators see it";
            case GROUPS -> groups.isEmpty() ? "Shared with no group yet: only " + item.owner()
                    + " and administrators see it" : "Shared with the groups " + groups;
            case ORGANIZATION -> "Shared with everyone signed in";
            case PUBLIC -> "Public: everyone sees it, also visitors who have not signed in";
        };
        // Groups are kept at the wider levels too (see Sharing), so say so rather than hide them.
        return groups.isEmpty() || item.sharing() == Sharing.GROUPS ? level : level + ", and with the groups " + groups;
    }
}
