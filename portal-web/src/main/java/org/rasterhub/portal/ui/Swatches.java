package org.rasterhub.portal.ui;

import com.vaadin.flow.component.html.Span;

/** The colour squares legends and class lists show beside a class name. */
public final class Swatches {
    private Swatches() {
    }

    /** A 1.2 em square in a CSS colour ({@code #rrggbb}), outlined so white and pale classes show. */
    public static Span of(String cssColor) {
        Span swatch = new Span();
        swatch.getStyle().set("display", "inline-block").set("width", "1.2em").set("height", "1.2em")
                .set("margin-right", "0.5em").set("vertical-align", "middle")
                .set("border", "1px solid var(--lumo-contrast-30pct)").set("background", cssColor);
        return swatch;
    }
}
