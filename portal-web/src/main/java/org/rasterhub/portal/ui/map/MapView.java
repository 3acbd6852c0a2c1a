package org.rasterhub.portal.ui.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dependency.JavaScript;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Input;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.portal.run.RunDetails;
import org.rasterhub.portal.run.RunService;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.Swatches;
import org.rasterhub.portal.ui.layout.MainLayout;
import org.rasterhub.portal.ui.run.RunView;

/**
 * A succeeded run on a map: input imagery under its class rasters and detected objects, a layer
 * list (visibility, opacity, zoom to layer), the class legend and, for Detect Change, a swipe
 * between the two dates.
 */
@Route(value = "runs/:" + MapView.RUN_ID + "/map", layout = MainLayout.class)
@PageTitle("Map · RasterHub")
public class MapView extends VerticalLayout implements BeforeEnterObserver {
    public static final String RUN_ID = "runId";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunService runs;
    private final BlobStore blobs;

    @Inject
    public MapView(RunService runs, BlobStore blobs) {
        this.runs = runs;
        this.blobs = blobs;
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        String id = event.getRouteParameters().get(RUN_ID).orElse("");
        RunDetails run;
        try {
            run = runs.run(Long.parseLong(id), PortalSession.caller()).orElse(null);
        } catch (NumberFormatException e) {
            run = null;
        }
        if (run == null) {
            add(new H2("Run not found"), new Paragraph("There is no run with id " + id + "."));
            return;
        }
        RouterLink back = new RouterLink("Run " + run.id() + " · " + run.toolLabel(), RunView.class,
                new RouteParameters(RunView.RUN_ID, Long.toString(run.id())));
        if (!run.status().equals("SUCCEEDED")) {
            add(back, new Paragraph("Only a succeeded run has layers to show; this one is " + run.status() + "."));
            return;
        }
        VaadinRequest request = VaadinRequest.getCurrent();
        String contextPath = request == null ? "" : request.getContextPath();
        // ?vectors=tiles draws feature outputs from vector tiles even when they are small enough to load whole.
        boolean vectorTiles = event.getLocation().getQueryParameters().getSingleParameter("vectors")
                .filter("tiles"::equals).isPresent();
        List<MapLayer> layers = MapLayers.of(run, contextPath,
                raster -> runs.raster(raster, PortalSession.caller()).map(r -> r.fileName()).orElse("raster " + raster),
                vectorTiles);
        boolean change = run.tool().equals("detect_change");
        MapElement map = new MapElement();
        map.setId("run-map");
        RunDetails shown = run;
        map.configure(layers, layer -> geoJson(shown, layer), change);
        add(back);
        show(this, map, layers, change, run.summary() == null ? null : run.summary().path("legend"));
    }

    /** The map beside its layer list, swipe and legend, filling the rest of {@code view}. */
    static void show(VerticalLayout view, MapElement map, List<MapLayer> layers, boolean change, JsonNode legend) {
        Div side = new Div();
        side.setWidth("22em");
        side.add(new H3("Layers"));
        // Top layer first, as map users expect.
        for (int i = layers.size() - 1; i >= 0; i--) {
            side.add(row(map, layers.get(i)));
        }
        if (change) {
            side.add(swipe(map));
        }
        legend(legend).forEach(side::add);

        HorizontalLayout body = new HorizontalLayout(map, side);
        body.setSizeFull();
        body.expand(map);
        view.add(body);
        view.expand(body);
    }

    private DownloadHandler geoJson(RunDetails run, MapLayer layer) {
        RunDetails.Output output = run.outputs().get(Integer.parseInt(layer.id().substring("output-".length())));
        ContentHash hash = new ContentHash(output.sha256());
        long id = run.id();
        return DownloadHandler.fromInputStream(e -> {
            // Fetched in a request of its own: who asks is checked then, not when the map was drawn.
            if (runs.run(id, PortalSession.caller(e.getSession())).isEmpty()) {
                return DownloadResponse.error(404, "there is no run with id " + id);
            }
            blobs.verify(hash);
            return new DownloadResponse(Files.newInputStream(blobs.path(hash)), output.fileName(),
                    "application/geo+json", output.size());
        }).inline();
    }

    private static Div row(MapElement map, MapLayer layer) {
        Checkbox visible = new Checkbox(layer.title(), layer.visible());
        visible.setId("map-visible-" + layer.id());
        visible.addValueChangeListener(e -> map.getElement().callJsFunction("setVisible", layer.id(), e.getValue()));
        // A plain range input: Vaadin's free components have no slider.
        Input opacity = new Input(ValueChangeMode.EAGER);
        opacity.setType("range");
        opacity.getElement().setAttribute("min", "0").setAttribute("max", "100").setAttribute("step", "5");
        opacity.setValue("100");
        opacity.setId("map-opacity-" + layer.id());
        opacity.getElement().setAttribute("title", "Opacity");
        opacity.addValueChangeListener(e -> map.getElement().callJsFunction("setOpacity", layer.id(),
                Double.parseDouble(e.getValue().isBlank() ? "100" : e.getValue()) / 100));
        Button zoom = new Button("Zoom to layer", e -> map.getElement().callJsFunction("zoomTo", layer.id()));
        zoom.setId("map-zoom-" + layer.id());
        zoom.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        Div row = new Div(visible, new Div(new Span("Opacity "), opacity), zoom);
        row.addClassName("map-layer");
        row.getElement().setAttribute("data-layer", layer.id());
        row.getStyle().set("border-bottom", "1px solid var(--lumo-contrast-10pct)").set("padding", "0.3em 0");
        return row;
    }

    private static Div swipe(MapElement map) {
        Input slider = new Input(ValueChangeMode.EAGER);
        slider.setType("range");
        slider.getElement().setAttribute("min", "0").setAttribute("max", "100");
        slider.setValue("50");
        slider.setId("map-swipe");
        slider.addValueChangeListener(e -> map.getElement().callJsFunction("setSwipe",
                Double.parseDouble(e.getValue().isBlank() ? "50" : e.getValue()) / 100));
        return new Div(new H3("Compare dates"), new Span("from ◀ ▶ to "), slider);
    }

    private static List<Component> legend(JsonNode entries) {
        if (entries == null || !entries.isArray()) {
            return List.of();
        }
        Div legend = new Div();
        legend.setId("map-legend");
        for (JsonNode entry : entries) {
            Div row = new Div(Swatches.of(entry.path("color").asText("#000000")), new Span(entry.path("value").asText() + " " + entry.path("name").asText()));
            row.addClassName("map-legend-entry");
            legend.add(row);
        }
        return List.of(new H3("Legend"), legend);
    }

    /** The {@code rasterhub-map} custom element, with OpenLayers from its WebJar. */
    @Tag("rasterhub-map")
    @JavaScript("context://webjars/ol/10.7.0/dist/ol.js")
    @JavaScript("context://map/rasterhub-map.js")
    @StyleSheet("context://webjars/ol/10.7.0/ol.css")
    static final class MapElement extends Component {
        MapElement() {
            // Fits the window under the header, so the whole map is on screen (and in screenshots).
            getElement().getStyle().set("display", "block").set("min-height", "360px")
                    .set("height", "calc(100vh - 140px)")
                    .set("position", "relative");
        }

        /** @param geoJson serves a vector layer's GeoJSON through the Vaadin session */
        void configure(List<MapLayer> layers, java.util.function.Function<MapLayer, DownloadHandler> geoJson,
                       boolean change) {
            ObjectNode config = JSON.createObjectNode();
            ArrayNode specs = config.putArray("layers");
            for (MapLayer layer : layers) {
                ObjectNode spec = specs.addObject();
                spec.put("id", layer.id()).put("title", layer.title())
                        .put("kind", layer.kind().name().toLowerCase(java.util.Locale.ROOT).replace("_", ""))
                        .put("visible", layer.visible()).put("opacity", 1.0);
                if (layer.kind() == MapLayer.Kind.TILES) {
                    spec.put("url", layer.url()).put("extentUrl", layer.extentUrl());
                } else if (layer.kind() == MapLayer.Kind.VECTOR_TILES) {
                    spec.put("url", layer.url()).put("extentUrl", layer.extentUrl());
                    layer.colors().forEach(spec.putObject("colors")::put);
                } else {
                    // Served through the Vaadin session, so the signed-in browser needs no API credentials.
                    String attribute = "src-" + layer.id();
                    getElement().setAttribute(attribute, geoJson.apply(layer));
                    spec.put("srcAttribute", attribute);
                    layer.colors().forEach(spec.putObject("colors")::put);
                }
            }
            if (change) {
                List<String> dates = layers.stream().filter(l -> l.id().startsWith("raster-")).map(MapLayer::id).toList();
                if (dates.size() == 2) {
                    config.putArray("swipe").add(dates.get(0)).add(dates.get(1));
                }
            }
            getElement().setAttribute("config", config.toString());
        }
    }
}
