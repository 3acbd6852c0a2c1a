package org.rasterhub.portal.ui.run;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import java.util.Locale;
import java.util.Map;
import org.rasterhub.core.run.RunTelemetry;

/**
 * Where a finished run's time went, drawn rather than listed: one bar per stage, its length the
 * stage's busy share of the run's wall time. Reading, the model and writing overlap, so several bars
 * can be long at once; the longest is what held the run back.
 */
final class RunTelemetryPanel extends Div {
    private static final Map<String, String> STAGE_NAMES = Map.of("verify", "Checking hashes", "loadModel",
            "Loading the model", "read", "Reading imagery", "model", "Model", "postProcess", "Post-processing",
            "write", "Writing outputs", "merge", "Merging work units", "store", "Storing results");

    RunTelemetryPanel(RunTelemetry telemetry) {
        setId("run-telemetry");
        add(new H3("Where the time went"));
        Paragraph rates = new Paragraph(rates(telemetry));
        rates.setId("run-telemetry-rates");
        add(rates);
        boolean inUnits = telemetry.workUnits() != null && !telemetry.workUnits().isEmpty();
        for (Map.Entry<String, Long> stage : telemetry.stageMillis().entrySet()) {
            if (inUnits || !stage.getKey().equals("merge")) { // no merge in a run worked whole
                add(row(stage.getKey(), stage.getValue(), telemetry.wallMillis()));
            }
        }
        if (inUnits) {
            add(new WorkUnitStrip(telemetry.workUnits(), telemetry.unit()));
        }
    }

    static String rates(RunTelemetry t) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%,.1f %s/s", t.unitsPerSecond(), t.unit()));
        if (t.squareKilometresPerHour() != null) {
            text.append(String.format(Locale.ROOT, " · %,.1f km²/h (%,.3f km²)", t.squareKilometresPerHour(),
                    t.squareKilometres()));
        }
        text.append(String.format(Locale.ROOT, " · %,d %s in %,.1f s", t.units(), t.unit(), t.wallMillis() / 1000.0));
        text.append(" · ").append(t.device()).append(" · ").append(t.engine());
        if (t.node() != null) {
            text.append(" · on ").append(t.node());
        }
        return text.toString();
    }

    private static Div row(String stage, long millis, long wallMillis) {
        double share = wallMillis <= 0 ? 0 : Math.min(1, (double) millis / wallMillis);
        Span name = new Span(STAGE_NAMES.getOrDefault(stage, stage));
        name.getStyle().set("display", "inline-block").set("width", "11em");
        Span bar = new Span();
        bar.getStyle().set("display", "inline-block").set("height", "0.8em").set("vertical-align", "middle")
                .set("width", String.format(Locale.ROOT, "%.1f%%", share * 60))
                .set("min-width", millis > 0 ? "2px" : "0").set("background", "var(--lumo-primary-color)")
                .set("margin-right", "0.5em");
        Span figure = new Span(String.format(Locale.ROOT, "%,d ms (%.0f %%)", millis, share * 100));
        Div row = new Div(name, bar, figure);
        row.setId("run-stage-" + stage);
        row.addClassName("run-stage");
        return row;
    }
}
