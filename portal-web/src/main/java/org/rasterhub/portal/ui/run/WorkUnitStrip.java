package org.rasterhub.portal.ui.run;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rasterhub.core.run.RunTelemetry;

/**
 * Which runner worked which part of a run split into work units: one cell per unit, in order, as
 * wide as its tiles and coloured by its runner, with the count per runner in words; a unit claimed
 * more than once (its runner was lost) is hatched.
 */
final class WorkUnitStrip extends Div {
    private static final List<String> COLOURS = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf");

    /** @param unit what the run counts: {@code tiles}, or {@code features} (Classify Objects, split by features) */
    WorkUnitStrip(List<RunTelemetry.WorkUnit> units, String unit) {
        boolean features = "features".equals(unit);
        setId("run-work-units");
        Map<String, Integer> perNode = new LinkedHashMap<>();
        units.forEach(u -> perNode.merge(String.valueOf(u.node()), 1, Integer::sum));
        List<String> nodes = new ArrayList<>(perNode.keySet());
        long lostAgain = units.stream().filter(u -> u.claims() > 1).count();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%d work units", units.size()));
        perNode.forEach((node, count) -> text.append(" · ").append(node).append(": ").append(count));
        if (lostAgain > 0) {
            text.append(String.format(Locale.ROOT, " · %d worked again after their runner was lost", lostAgain));
        }
        Paragraph summary = new Paragraph(text.toString());
        summary.setId("run-work-units-summary");
        add(summary);

        long tiles = Math.max(1, units.stream().mapToLong(RunTelemetry.WorkUnit::tiles).sum());
        Div strip = new Div();
        strip.getStyle().set("display", "flex").set("width", "60%").set("height", "1em")
                .set("border", "1px solid var(--lumo-contrast-30pct)");
        for (RunTelemetry.WorkUnit part : units) {
            String colour = COLOURS.get(nodes.indexOf(String.valueOf(part.node())) % COLOURS.size());
            Span cell = new Span();
            cell.addClassName("run-work-unit");
            cell.getElement().setAttribute("title", String.format(Locale.ROOT,
                    "unit %d: input %d, %s %d-%d, %d %s, %s on %s, claimed %d×", part.index() + 1,
                    part.inputPosition() + 1, features ? "features" : "tile rows", part.firstRow() + (features ? 1 : 0),
                    part.endRow() - (features ? 0 : 1), part.tiles(), features ? "features" : "tiles", part.device(),
                    part.node(), part.claims()));
            cell.getStyle().set("flex", String.format(Locale.ROOT, "0 0 %.3f%%", 100.0 * part.tiles() / tiles))
                    .set("background", part.claims() > 1
                            ? "repeating-linear-gradient(45deg, " + colour + " 0 4px, #fff 4px 6px)" : colour)
                    .set("border-right", "1px solid #fff");
            strip.add(cell);
        }
        add(strip);
    }
}
