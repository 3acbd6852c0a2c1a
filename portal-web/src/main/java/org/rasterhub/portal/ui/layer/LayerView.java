package org.rasterhub.portal.ui.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.VaadinRequest;
import jakarta.inject.Inject;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.portal.catalog.InvalidItemEditException;
import org.rasterhub.portal.layer.LayerDetails;
import org.rasterhub.portal.layer.LayerNotFoundException;
import org.rasterhub.portal.layer.LayerService;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.security.GroupInfo;
import org.rasterhub.portal.security.GroupService;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.Swatches;
import org.rasterhub.portal.ui.item.ItemView;
import org.rasterhub.portal.ui.layout.MainLayout;
import org.rasterhub.portal.ui.layout.OpenToVisitors;
import org.rasterhub.portal.ui.run.RunView;

/**
 * A result layer: its thumbnail, what made it (model version, tool, inputs by hash), its legend, its
 * files to download, the map, and for its owner the sharing controls.
 */
@Route(value = "layers/:" + LayerView.LAYER_ID, layout = MainLayout.class)
public class LayerView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle, OpenToVisitors {
    public static final String LAYER_ID = "layerId";
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
            .withZone(ZoneId.systemDefault());

    private final LayerService layers;
    private final GroupService groups;
    private String title = "Layer · RasterHub";

    @Inject
    public LayerView(LayerService layers, GroupService groups) {
        this.layers = layers;
        this.groups = groups;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        String id = event.getRouteParameters().get(LAYER_ID).orElse("");
        Optional<LayerDetails> layer = find(layers, id);
        if (layer.isEmpty()) {
            Paragraph missing = new Paragraph("There is no layer with id " + id + ".");
            missing.setId("layer-missing");
            add(new H2("Layer not found"), missing);
            return;
        }
        show(layer.get());
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    /** The layer a route parameter names, if there is one the visitor may see. */
    static Optional<LayerDetails> find(LayerService layers, String id) {
        try {
            return layers.find(Long.parseLong(id), PortalSession.caller());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An API path with the servlet context path in front, for links the browser follows. */
    static String api(String path) {
        VaadinRequest request = VaadinRequest.getCurrent();
        return (request == null ? "" : request.getContextPath()) + path;
    }

    private void show(LayerDetails layer) {
        title = layer.title() + " · RasterHub";
        H2 heading = new H2(layer.title());
        heading.setId("layer-title");
        Span subtitle = new Span((layer.type().equals("IMAGERY") ? "Imagery layer" : "Feature layer")
                + (layer.features() == null ? "" : " · " + layer.features() + " features")
                + " · owned by " + layer.owner() + " · shared: " + layer.sharing().name().toLowerCase(Locale.ROOT)
                + " · created " + WHEN.format(layer.created()));
        subtitle.setId("layer-subtitle");
        subtitle.getStyle().set("color", "var(--lumo-secondary-text-color)");

        Image thumbnail = new Image(api(layer.thumbnail()) + "?size=320", "Thumbnail of " + layer.title());
        thumbnail.setId("layer-thumbnail");
        thumbnail.getStyle().set("border", "1px solid var(--lumo-contrast-20pct)").set("max-width", "320px");
        RouterLink map = new RouterLink("Open on the map", LayerMapView.class,
                new RouteParameters(LayerMapView.LAYER_ID, Long.toString(layer.id())));
        map.setId("layer-open-map");

        add(heading, subtitle, new HorizontalLayout(thumbnail, new VerticalLayout(map, downloads(layer))),
                new H3("Made by"), provenance(layer));
        if (layer.legend() != null && layer.legend().isArray() && !layer.legend().isEmpty()) {
            add(new H3("Legend"), legend(layer.legend()));
        }
        if (layer.may("edit")) {
            add(new H3("Sharing"), sharing(layer));
        }
    }

    private static Div downloads(LayerDetails layer) {
        Div files = new Div();
        files.setId("layer-downloads");
        for (LayerDetails.LayerFile file : layer.files()) {
            Anchor download = new Anchor(api(file.href()), "Download " + label(file.format()) + " ("
                    + String.format(Locale.ROOT, "%,d", file.size()) + " bytes)");
            download.getElement().setAttribute("download", file.fileName());
            download.setId("layer-download-" + file.format());
            Span hash = new Span("SHA-256 " + file.sha256());
            hash.getStyle().set("font-family", "monospace").set("font-size", "var(--lumo-font-size-xs)");
            files.add(new Div(download), new Div(hash));
        }
        return files;
    }

    private static String label(String format) {
        return switch (format) {
            case "cog" -> "GeoTIFF (COG)";
            case "geopackage" -> "GeoPackage";
            case "geojson" -> "GeoJSON";
            default -> format;
        };
    }

    private static Div provenance(LayerDetails layer) {
        Div made = new Div();
        made.setId("layer-provenance");
        String model = layer.model().title() == null ? "a model you cannot see (item " + layer.model().item() + ")"
                : layer.model().title();
        Div tool = new Div(new Span(layer.tool() + " with "));
        if (layer.model().title() != null) {
            tool.add(new RouterLink(model + " v" + layer.model().version(), ItemView.class,
                    new RouteParameters(ItemView.ITEM_ID, Long.toString(layer.model().item()))));
        } else {
            tool.add(new Span(model));
        }
        tool.add(new Span(" in "));
        Optional.of(layer).filter(l -> l.may("edit")).ifPresentOrElse(
                l -> tool.add(new RouterLink("run " + l.run(), RunView.class,
                        new RouteParameters(RunView.RUN_ID, Long.toString(l.run())))),
                () -> tool.add(new Span("run " + layer.run())));
        made.add(tool);
        for (LayerDetails.Input input : layer.inputs()) {
            Span hash = new Span(" SHA-256 " + input.sha256());
            hash.getStyle().set("font-family", "monospace").set("font-size", "var(--lumo-font-size-xs)");
            made.add(new Div(new Span(input.role() + ": " + input.fileName()), hash));
        }
        return made;
    }

    private static Div legend(JsonNode entries) {
        Div legend = new Div();
        legend.setId("layer-legend");
        for (JsonNode entry : entries) {
            legend.add(new Div(Swatches.of(entry.path("color").asText("#000000")), new Span(entry.path("value").asText() + " " + entry.path("name").asText())));
        }
        return legend;
    }

    /** Who sees the layer; saving asks the layer service for the caller as they are at the click. */
    private HorizontalLayout sharing(LayerDetails layer) {
        Select<Sharing> level = new Select<>();
        level.setId("layer-sharing-level");
        level.setLabel("Shared with");
        level.setItems(Sharing.values());
        level.setItemLabelGenerator(s -> switch (s) {
            case PRIVATE -> "Only me";
            case GROUPS -> "Groups";
            case ORGANIZATION -> "Everyone signed in";
            case PUBLIC -> "Everyone (public)";
        });
        level.setValue(layer.sharing());
        MultiSelectComboBox<GroupInfo> shareWith = new MultiSelectComboBox<>("Groups");
        shareWith.setId("layer-sharing-groups");
        List<GroupInfo> all = groups.list(PortalSession.caller());
        shareWith.setItems(all);
        shareWith.setItemLabelGenerator(GroupInfo::name);
        shareWith.setValue(Set.copyOf(all.stream().filter(g -> layer.groups().contains(g.id())).toList()));
        Button save = new Button("Save sharing", e -> {
            try {
                layers.share(layer.id(), PortalSession.caller(), level.getValue(),
                        shareWith.getValue().stream().map(GroupInfo::id).toList());
                Notification.show("Sharing saved", 3000, Notification.Position.BOTTOM_START)
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                getUI().ifPresent(ui -> ui.getPage().reload());
            } catch (AccessDeniedException | InvalidItemEditException | LayerNotFoundException
                     | NotSignedInException refused) {
                Notification.show(refused.getMessage(), 6000, Notification.Position.MIDDLE)
                        .addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
        });
        save.setId("layer-sharing-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setEnabled(layer.may("share") || layer.sharing() != Sharing.PRIVATE);
        HorizontalLayout row = new HorizontalLayout(level, shareWith, save);
        row.setAlignItems(Alignment.BASELINE);
        return row;
    }
}
