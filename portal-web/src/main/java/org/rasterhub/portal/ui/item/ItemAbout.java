package org.rasterhub.portal.ui.item;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import java.util.stream.Collectors;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.portal.catalog.ItemDetails;

/** Summary, description, tags and who the item is shared with, under the item's title; all as text. */
final class ItemAbout {
    private ItemAbout() {
    }

    static Component of(ItemDetails item) {
        Div about = new Div();
        about.setId("item-about");
        if (item.summary() != null) {
            Paragraph summary = new Paragraph(item.summary());
            summary.setId("item-summary");
            summary.getStyle().set("font-weight", "500").set("margin", "var(--lumo-space-xs) 0");
            about.add(summary);
        }
        if (item.description() != null) {
            Paragraph description = new Paragraph(item.description()); // text, never HTML
            description.setId("item-description");
            description.getStyle().set("white-space", "pre-line").set("margin", "var(--lumo-space-xs) 0");
            about.add(description);
        }
        Div tags = new Div();
        tags.setId("item-tags");
        Span sharing = new Span(sharing(item));
        sharing.setId("item-sharing");
        sharing.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin-right", "var(--lumo-space-s)");
        tags.add(sharing);
        for (String tag : item.tags()) {
            Span chip = new Span(tag);
            chip.addClassName("item-tag");
            chip.getStyle().set("display", "inline-block").set("padding", "0 var(--lumo-space-s)")
                    .set("margin-right", "var(--lumo-space-xs)").set("border-radius", "var(--lumo-border-radius-l)")
                    .set("background", "var(--lumo-contrast-10pct)").set("font-size", "var(--lumo-font-size-s)");
            tags.add(chip);
        }
        about.add(tags);
        return about;
    }

    /** Who sees the item, in words; groups are kept at the wider levels too (see Sharing), so they are named. */
    static String sharing(ItemDetails item) {
        String groups = item.groups().stream().map(ItemDetails.SharedGroup::name).collect(Collectors.joining(", "));
        String level = switch (item.sharing()) {
            case PRIVATE -> "Private: only " + item.owner() + " and administrators see it";
            case GROUPS -> groups.isEmpty() ? "Shared with no group yet: only " + item.owner()
                    + " and administrators see it" : "Shared with the groups " + groups;
            case ORGANIZATION -> "Shared with everyone signed in";
            case PUBLIC -> "Public: everyone sees it, also visitors who have not signed in";
        };
        return groups.isEmpty() || item.sharing() == Sharing.GROUPS ? level : level + ", and with the groups " + groups;
    }
}
