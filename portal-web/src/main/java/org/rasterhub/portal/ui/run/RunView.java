package org.rasterhub.portal.ui.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.portal.layer.LayerDetails;
import org.rasterhub.portal.layer.LayerService;
import org.rasterhub.portal.run.JobQueue;
import org.rasterhub.portal.run.PreflightFailedException;
import org.rasterhub.portal.run.RunCancellation;
import org.rasterhub.portal.run.RunDetails;
import org.rasterhub.portal.run.RunService;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.Swatches;
import org.rasterhub.portal.ui.item.ItemView;
import org.rasterhub.portal.ui.layer.LayerView;
import org.rasterhub.portal.ui.layout.MainLayout;

/**
 * One run: status, progress and time left, refreshed every second while it runs; cancel and retry;
 * once done, its files to download and the legend of its classes.
 */
@Route(value = "runs/:" + RunView.RUN_ID, layout = MainLayout.class)
@PageTitle("Run · RasterHub")
public class RunView extends VerticalLayout implements BeforeEnterObserver {
    public static final String RUN_ID = "runId";
    private static final int POLL_MILLIS = 1000;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final RunService runs;
    private final RunCancellation cancellation;
    private final LayerService layers;
    private final JobQueue queue;
    private final BlobStore blobs;
    private final Span status = new Span();
    private final ProgressBar progress = new ProgressBar();
    private final Span tiles = new Span();
    private final Button cancel = new Button("Cancel run");
    private final Button retry = new Button("Retry");
    private final Div outcome = new Div();
    private long runId;
    private String shownState = "";
    private com.vaadin.flow.shared.Registration polling;

    @Inject
    public RunView(RunService runs, RunCancellation cancellation, LayerService layers, JobQueue queue, BlobStore blobs) {
        this.runs = runs;
        this.cancellation = cancellation;
        this.layers = layers;
        this.queue = queue;
        this.blobs = blobs;
        status.setId("run-status");
        tiles.setId("run-tiles");
        outcome.setId("run-outcome");
        progress.setWidth("28em");
        cancel.setId("run-cancel");
        retry.setId("run-retry");
        // Both act for the user as they are at the click: the run service refuses one who lost the right.
        cancel.addClickListener(e -> {
            try {
                show(cancellation.cancel(runId, PortalSession.requireUser()));
            } catch (RuntimeException ex) {
                outcome.add(new Paragraph(ex.getMessage()));
            }
        });
        retry.addClickListener(e -> {
            try {
                RunDetails again = runs.retry(runId, PortalSession.requireUser());
                queue.enqueue(again.id());
                getUI().ifPresent(ui -> ui.navigate(RunView.class, new RouteParameters(RUN_ID,
                        Long.toString(again.id()))));
            } catch (PreflightFailedException ex) {
                outcome.add(new Paragraph("It cannot run again: " + ex.findings().stream()
                        .map(Object::toString).collect(Collectors.joining("; "))));
            } catch (Exception ex) {
                outcome.add(new Paragraph("It could not be queued again: " + ex.getMessage()));
            }
        });
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        shownState = "";
        String id = event.getRouteParameters().get(RUN_ID).orElse("");
        try {
            runId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            runId = -1;
        }
        RunDetails run = runs.run(runId, PortalSession.caller()).orElse(null);
        if (run == null) {
            add(new H2("Run not found"), new Paragraph("There is no run with id " + id + "."));
            return;
        }
        Paragraph inputs = new Paragraph("Inputs: " + run.inputs().stream().map(this::describe)
                .collect(Collectors.joining(", ")) + " · " + arguments(run.arguments()));
        inputs.setId("run-inputs");
        add(new H2("Run " + run.id() + " · " + run.toolLabel()),
                new RouterLink("Model: item " + run.item() + ", version " + run.version(), ItemView.class,
                        new RouteParameters(ItemView.ITEM_ID, Long.toString(run.item()))),
                inputs, new HorizontalLayout(status, cancel, retry), progress, tiles, outcome);
        if (run.retryOf() != null) {
            add(new RouterLink("Retry of run " + run.retryOf(), RunView.class,
                    new RouteParameters(RUN_ID, Long.toString(run.retryOf()))));
        }
        show(run);
    }

    private String describe(RunDetails.Input input) {
        String role = input.role().equals("raster") ? "" : input.role() + " ";
        if (input.raster() != null) {
            return role + runs.raster(input.raster(), PortalSession.caller()).map(r -> r.fileName() + " (raster " + r.id() + ")")
                    .orElse("raster " + input.raster());
        }
        return role + runs.featureLayer(input.features(), PortalSession.caller()).map(f -> f.fileName() + " (feature layer " + f.id() + ")")
                .orElse("feature layer " + input.features());
    }

    /** The recorded arguments as "tileSize 64 · padding 16 · …", leaving out those the tool does not take. */
    private static String arguments(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            List<String> shown = new java.util.ArrayList<>();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    shown.add(e.getKey() + " " + e.getValue());
                }
            });
            return String.join(" · ", shown);
        } catch (java.io.IOException e) {
            return json;
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        event.getUI().setPollInterval(POLL_MILLIS);
        polling = event.getUI().addPollListener(e -> runs.run(runId, PortalSession.caller()).ifPresent(this::show));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().setPollInterval(-1);
        if (polling != null) {
            polling.remove();
        }
    }

    private void show(RunDetails run) {
        boolean finished = run.finished() != null;
        status.setText(run.status() + (run.cancelRequested() && !finished ? " (cancelling…)" : ""));
        progress.setValue(run.progress());
        String unit = run.tool().equals("classify_objects") ? "features" : "tiles";
        tiles.setText(run.tilesTotal() == 0 ? "waiting for a worker…"
                : run.tilesDone() + " of " + run.tilesTotal() + " " + unit
                + (run.etaSeconds() == null ? "" : " · about " + run.etaSeconds() + " s left")
                + (run.attempts() > 1 ? " · attempt " + run.attempts() : "")
                + (run.node() == null ? "" : " · on " + run.node()));
        cancel.setVisible(!finished && !run.cancelRequested());
        retry.setVisible(run.status().equals("FAILED") || run.status().equals("CANCELLED"));
        // Rebuilt only when the state changes, so a download link does not flicker every second.
        String state = run.status() + run.outputs().size();
        if (state.equals(shownState)) {
            return;
        }
        shownState = state;
        outcome.removeAll();
        if (run.status().equals("FAILED") || run.status().equals("CANCELLED")) {
            outcome.add(new Paragraph((run.status().equals("FAILED") ? "Failed: " : "Cancelled: ") + run.message()));
            outcome.getStyle().set("color", run.status().equals("FAILED") ? "var(--lumo-error-text-color)" : null);
        } else if (!run.outputs().isEmpty()) {
            outcome.getStyle().remove("color");
            outcome.add(new H3("Results"), downloads(run));
            if (run.status().equals("SUCCEEDED")) {
                RouterLink map = new RouterLink("Open on the map", org.rasterhub.portal.ui.map.MapView.class,
                        new RouteParameters(org.rasterhub.portal.ui.map.MapView.RUN_ID, Long.toString(run.id())));
                map.setId("run-open-map");
                outcome.add(map);
                outcome.add(layerLinks(run));
            }
            legend(run.summary()).forEach(outcome::add);
            if (run.telemetry() != null) {
                outcome.add(new RunTelemetryPanel(run.telemetry()));
            }
        }
    }

    private UnorderedList downloads(RunDetails run) {
        UnorderedList list = new UnorderedList();
        list.setId("run-outputs");
        long id = run.id();
        for (RunDetails.Output output : run.outputs()) {
            ContentHash hash = new ContentHash(output.sha256());
            Anchor download = new Anchor(DownloadHandler.fromInputStream(e -> {
                // Asked afresh: a page drawn before its user was disabled or lost the run serves nothing.
                if (runs.run(id, PortalSession.caller(e.getSession())).isEmpty()) {
                    return DownloadResponse.error(404, "there is no run with id " + id);
                }
                blobs.verify(hash);
                return new DownloadResponse(Files.newInputStream(blobs.path(hash)), output.fileName(),
                        output.mediaType(), output.size());
            }), "Download " + label(output));
            download.getElement().setAttribute("download", true);
            download.addClassName("run-output");
            if (output.position() == 0) {
                download.setId("run-result");
            }
            ListItem row = new ListItem(download, new Span(" · " + output.fileName() + ", " + output.size() + " bytes"
                    + (output.features() == null ? "" : ", " + output.features() + " features")));
            if ("cog".equals(output.format())) {
                // Served by the API to this signed-in session; a glance before opening the map.
                com.vaadin.flow.component.html.Image thumbnail = new com.vaadin.flow.component.html.Image(
                        output.href() + "/thumbnail.png", "preview of " + output.fileName());
                thumbnail.addClassName("run-thumbnail");
                thumbnail.getStyle().set("display", "block").set("max-width", "200px").set("max-height", "200px")
                        .set("border", "1px solid var(--lumo-contrast-20pct)").set("margin", "0.3em 0");
                row.add(thumbnail);
            }
            list.add(row);
        }
        return list;
    }

    private static String label(RunDetails.Output output) {
        String what = switch (output.kind()) {
            case "classified_raster" -> "the classified GeoTIFF";
            case "change_raster" -> "the change GeoTIFF";
            case "probability_raster" -> "the probability GeoTIFF";
            case "value_raster" -> "the value GeoTIFF";
            case "detected_objects" -> "the detected objects";
            case "classified_objects" -> "the classified features";
            default -> output.kind();
        };
        String format = switch (output.format()) {
            case "cog" -> "COG";
            case "geopackage" -> "GeoPackage";
            case "geojson" -> "GeoJSON";
            default -> output.format();
        };
        return what + " (" + format + ")";
    }

    /** Swatches for {@code legend} entries ({@code value, name, color}) and counts where the tool gave them. */
    /** The layer items the run's results became: where the owner shares them. */
    private Div layerLinks(RunDetails run) {
        Div links = new Div(new H3("Layers"));
        links.setId("run-layers");
        for (LayerDetails layer : layers.list(PortalSession.caller(), run.id())) {
            RouterLink link = new RouterLink(layer.title(), LayerView.class,
                    new RouteParameters(LayerView.LAYER_ID, Long.toString(layer.id())));
            links.add(new Div(link, new Span(" · shared: " + layer.sharing().name().toLowerCase(java.util.Locale.ROOT))));
        }
        return links;
    }

    private static List<com.vaadin.flow.component.Component> legend(JsonNode summary) {
        if (summary == null || !summary.path("legend").isArray()) {
            return List.of();
        }
        Div legend = new Div();
        legend.setId("run-legend");
        for (JsonNode entry : summary.get("legend")) {
            Span swatch = Swatches.of(entry.path("color").asText("#000000"));
            String count = entry.has("count") ? " · " + entry.get("count").asText() : "";
            Span label = new Span(entry.path("value").asText() + " " + entry.path("name").asText() + count);
            HorizontalLayout row = new HorizontalLayout(swatch, label);
            row.addClassName("run-legend-entry");
            row.setSpacing(true);
            legend.add(row);
        }
        return List.of(new H3("Legend"), legend);
    }
}
