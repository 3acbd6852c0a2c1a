package org.rasterhub.portal.ui.item;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import java.util.stream.Collectors;
import org.rasterhub.portal.catalog.ItemDetails;

/** Summary, description, tags and who the item is shared with, under the item's title; all as text. */
final class ItemAbout {
    private ItemAbout() {
    }

    static Component of(ItemDetails item) {
        Div about = new Div();
        about.setId("item-about");
        if (item.summary() != null && !item.summary().isBlank()) {
            Paragraph summary = new Paragraph(item.summary());
            summary.setId("item-summary");
            summary.getStyle().set("font-weight", "500").set("margin", "var(--lumo-space-xs) 0");
            about.add(summary);
        }
        if (item.description() != null && !item.description().isBlank()) {
            Paragraph description = new Paragraph(item.description());
            description.setId("item-description");
            description.getStyle().set("white-space", "pre-line").set("margin", "var(--lumo-space-xs) 0");
            about.add(description);
        }
        Div tags = new Div();
        tags.setId("item-tags");
        for (String tag : item.tags()) {
            Span badge = new Span(tag);
            badge.getElement().getThemeList().add("badge contrast");
            badge.addClassName("item-tag");
            badge.getStyle().set("margin-right", "var(--lumo-space-xs)");
            tags.add(badge);
        }
        Span sharing = new Span(sharing(item));
        sharing.setId("item-sharing");
        sharing.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin-right", "var(--lumo-space-s)");
        tags.addComponentAsFirst(sharing);
        about.add(tags);
        return about;
    }

    /** Who sees the item; groups it is shared with count at the groups level and above (see Sharing). */
    static String sharing(ItemDetails item) {
        String groups = item.groups().stream().map(ItemDetails.SharedGroup::name).collect(Collectors.joining(", "));
        String alsoGroups = groups.isEmpty() ? "" : "; also groups " + groups;
        return switch (item.sharing()) {
            case PUBLIC -> "Shared: public, anyone may view it" + alsoGroups;
            case ORGANIZATION -> "Shared: everyone signed in to this portal" + alsoGroups;
            case GROUPS -> "Shared with groups: " + (groups.isEmpty() ? "none yet" : groups);
            case PRIVATE -> "Private: only the owner and administrators";
        };
    }
}
