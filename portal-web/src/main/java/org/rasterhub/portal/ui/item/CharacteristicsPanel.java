package org.rasterhub.portal.ui.item;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableBody;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import java.util.List;
import org.rasterhub.portal.characteristics.CharacteristicImage;
import org.rasterhub.portal.characteristics.Metric;
import org.rasterhub.portal.characteristics.MetricsTable;
import org.rasterhub.portal.characteristics.ModelCharacteristics;

/**
 * The "Model characteristics" section: the package's images, loaded from the API (which serves an
 * image only once it decoded), and its metrics as plain tables. Every cell is set as text, so
 * nothing from a package's HTML can become markup here.
 */
final class CharacteristicsPanel {
    private CharacteristicsPanel() {
    }

    static Component of(ModelCharacteristics found) {
        Div panel = new Div();
        panel.setId("item-characteristics");
        panel.setWidthFull();
        if (found.isEmpty()) {
            panel.add(new Span("The package carries no model characteristics (arcgis.learn writes them to "
                    + "ModelCharacteristics/ and model_metrics.html) and its model definition names no metrics."));
        }
        if (!found.images().isEmpty()) {
            Div images = new Div();
            images.setId("item-characteristics-images");
            images.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-m)");
            for (CharacteristicImage each : found.images()) {
                images.add(figure(each));
            }
            panel.add(images);
        }
        if (!found.metrics().isEmpty()) {
            panel.add(metrics(found.metrics()));
        }
        for (MetricsTable table : found.tables()) {
            panel.add(table(table));
        }
        for (String note : found.notes()) {
            Paragraph line = new Paragraph(note);
            line.addClassName("characteristics-note");
            line.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
            panel.add(line);
        }
        return panel;
    }

    private static Component figure(CharacteristicImage each) {
        String name = each.path().substring(each.path().lastIndexOf('/') + 1);
        Image image = new Image(each.href(), name);
        image.addClassName("characteristics-image");
        image.getElement().setAttribute("title", each.path());
        image.getStyle().set("display", "block").set("max-width", "420px").set("max-height", "320px")
                .set("border", "1px solid var(--lumo-contrast-10pct)");
        Span caption = new Span(name);
        caption.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        Div figure = new Div(image, caption);
        figure.addClassName("characteristics-figure");
        // The API refuses a file that does not decode (422); say so instead of a broken image.
        image.getElement().addEventListener("error", event -> {
            Span refused = new Span("⚠ not shown: not a PNG or JPEG image that decodes");
            refused.addClassName("characteristics-refused");
            refused.getStyle().set("display", "block").set("padding", "var(--lumo-space-m)")
                    .set("background", "var(--lumo-contrast-5pct)");
            figure.replace(image, refused);
        });
        return figure;
    }

    private static Component metrics(List<Metric> metrics) {
        NativeTable table = new NativeTable();
        table.setId("item-metrics");
        style(table);
        NativeTableRow head = table.getHead().addRow();
        head.addHeaderCell().setText("Metric");
        head.addHeaderCell().setText("Value");
        head.addHeaderCell().setText("From");
        NativeTableBody body = table.getBody();
        for (Metric metric : metrics) {
            NativeTableRow row = body.addRow();
            row.addClassName("item-metric");
            row.addDataCell().setText(metric.name());
            row.addDataCell().setText(metric.value());
            row.addDataCell().setText(metric.source());
        }
        return table;
    }

    private static Component table(MetricsTable source) {
        NativeTable table = new NativeTable();
        table.addClassName("item-metrics-table");
        style(table);
        table.setCaptionText((source.title().isEmpty() ? "" : source.title() + " · ") + source.source());
        NativeTableRow head = table.getHead().addRow();
        source.columns().forEach(column -> head.addHeaderCell().setText(column));
        NativeTableBody body = table.getBody();
        for (List<String> cells : source.rows()) {
            NativeTableRow row = body.addRow();
            cells.forEach(cell -> row.addDataCell().setText(cell));
        }
        return table;
    }

    private static void style(NativeTable table) {
        table.getStyle().set("border-collapse", "collapse").set("margin", "var(--lumo-space-s) 0")
                .set("font-size", "var(--lumo-font-size-s)");
        // Cell borders and padding for every cell of the table, without a stylesheet of our own.
        table.getElement().setAttribute("cellpadding", "4");
        table.getElement().setAttribute("border", "1");
    }
}
