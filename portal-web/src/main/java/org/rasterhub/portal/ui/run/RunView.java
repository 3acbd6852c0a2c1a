package org.rasterhub.portal.ui.run;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
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
import java.time.Duration;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.portal.run.RunDetails;
import org.rasterhub.portal.run.RunService;
import org.rasterhub.portal.ui.item.ItemView;
import org.rasterhub.portal.ui.layout.MainLayout;

/** One run: status and progress, refreshed every second while it runs; the result once done. */
@Route(value = "runs/:" + RunView.RUN_ID, layout = MainLayout.class)
@PageTitle("Run · RasterHub")
public class RunView extends VerticalLayout implements BeforeEnterObserver {
    public static final String RUN_ID = "runId";
    private static final int POLL_MILLIS = 1000;

    private final RunService runs;
    private final BlobStore blobs;
    private final Span status = new Span();
    private final ProgressBar progress = new ProgressBar();
    private final Span tiles = new Span();
    private final Div outcome = new Div();
    private long runId;
    private com.vaadin.flow.shared.Registration polling;

    @Inject
    public RunView(RunService runs, BlobStore blobs) {
        this.runs = runs;
        this.blobs = blobs;
        status.setId("run-status");
        tiles.setId("run-tiles");
        outcome.setId("run-outcome");
        progress.setWidth("28em");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        String id = event.getRouteParameters().get(RUN_ID).orElse("");
        try {
            runId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            runId = -1;
        }
        RunDetails run = runs.run(runId).orElse(null);
        if (run == null) {
            add(new H2("Run not found"), new Paragraph("There is no run with id " + id + "."));
            return;
        }
        add(new H2("Run " + run.id() + " · Classify Pixels"),
                new RouterLink("Model: item " + run.item() + ", version " + run.version(), ItemView.class,
                        new RouteParameters(ItemView.ITEM_ID, Long.toString(run.item()))),
                new Paragraph("Raster " + run.raster() + " · arguments " + run.arguments()),
                status, progress, tiles, outcome);
        show(run);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        event.getUI().setPollInterval(POLL_MILLIS);
        polling = event.getUI().addPollListener(e -> runs.run(runId).ifPresent(this::show));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().setPollInterval(-1);
        if (polling != null) {
            polling.remove();
        }
    }

    private void show(RunDetails run) {
        status.setText(run.status());
        progress.setValue(run.progress());
        tiles.setText(run.tilesTotal() == 0 ? "waiting for a worker…"
                : run.tilesDone() + " of " + run.tilesTotal() + " tiles" + eta(run));
        outcome.removeAll();
        if (run.status().equals("FAILED")) {
            outcome.add(new Paragraph("Failed: " + run.message()));
            outcome.getStyle().set("color", "var(--lumo-error-text-color)");
        } else if (run.resultSha256() != null) {
            ContentHash hash = new ContentHash(run.resultSha256());
            Anchor download = new Anchor(DownloadHandler.fromInputStream(e -> {
                blobs.verify(hash);
                return new DownloadResponse(Files.newInputStream(blobs.path(hash)),
                        "run-" + run.id() + "-classified.tif", "image/tiff", run.resultSize());
            }), "Download the classified GeoTIFF (COG)");
            download.setId("run-result");
            download.getElement().setAttribute("download", true);
            outcome.add(download);
        }
    }

    private static String eta(RunDetails run) {
        if (run.started() == null || run.finished() != null || run.tilesDone() == 0) {
            return "";
        }
        Duration spent = Duration.between(run.started(), java.time.Instant.now());
        long left = spent.toMillis() * (run.tilesTotal() - run.tilesDone()) / run.tilesDone();
        return " · about " + Math.max(1, left / 1000) + " s left";
    }
}
