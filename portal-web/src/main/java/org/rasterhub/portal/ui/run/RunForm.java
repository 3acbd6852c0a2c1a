package org.rasterhub.portal.ui.run;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.server.streams.UploadHandler;
import java.io.InputStream;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.portal.run.JobQueue;
import org.rasterhub.portal.run.NotARasterException;
import org.rasterhub.portal.run.PreflightFailedException;
import org.rasterhub.portal.run.RasterDetails;
import org.rasterhub.portal.run.RunArguments;
import org.rasterhub.portal.run.RunDetails;
import org.rasterhub.portal.run.RunService;
import org.rasterhub.portal.security.SignedInUser;

/**
 * Classify Pixels from an item page: pick or upload a raster, adjust the arguments the .emd
 * defaults, run. A run that cannot run here is refused in the form with every reason.
 */
public class RunForm extends VerticalLayout {
    private static final System.Logger LOG = System.getLogger(RunForm.class.getName());

    private final Select<RasterDetails> raster = new Select<>();
    private final Div problems = new Div();

    public RunForm(RunService runs, JobQueue queue, long itemId, int version, int tileSize, SignedInUser user) {
        setPadding(false);
        raster.setId("run-raster");
        raster.setLabel("Raster");
        raster.setItemLabelGenerator(r -> r.title() + " (" + r.width() + " × " + r.height() + ", " + r.bands()
                + " bands" + (r.epsg() == null ? "" : ", EPSG:" + r.epsg()) + ")");
        raster.setItems(runs.rasters());
        raster.setWidth("28em");

        Upload upload = new Upload(rasterUpload(runs, user));
        upload.setId("raster-upload");
        upload.setMaxFiles(1);
        upload.setDropLabel(new Span("or drop a GeoTIFF (any raster GDAL reads)"));
        upload.addAllFinishedListener(e -> upload.clearFileList());

        IntegerField tile = new IntegerField("Tile size");
        tile.setValue(tileSize);
        tile.setId("run-tile-size");
        IntegerField padding = new IntegerField("Padding");
        padding.setValue(tileSize / 4);
        padding.setId("run-padding");
        IntegerField batch = new IntegerField("Batch size");
        batch.setValue(1);
        batch.setId("run-batch-size");

        Button run = new Button("Classify pixels", e -> submit(runs, queue, itemId, version,
                new RunArguments(tile.getValue(), padding.getValue(), batch.getValue(), "CPU"), user));
        run.setId("run-submit");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        problems.setId("run-problems");
        problems.getStyle().set("color", "var(--lumo-error-text-color)");
        HorizontalLayout arguments = new HorizontalLayout(tile, padding, batch, run);
        arguments.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(new H3("Classify Pixels"), new Paragraph("Runs version " + version + " on a raster, tile by tile, "
                + "on this server's CPU, and writes a classified Cloud Optimized GeoTIFF in the class colours."),
                raster, upload, arguments, problems);
    }

    private void submit(RunService runs, JobQueue queue, long itemId, int version, RunArguments arguments,
                        SignedInUser user) {
        problems.removeAll();
        if (raster.getValue() == null) {
            problems.add(new Span("Choose a raster, or upload one."));
            return;
        }
        try {
            RunDetails run = runs.submitClassifyPixels(new ItemId(itemId), Integer.toString(version),
                    raster.getValue().id(), arguments, user);
            queue.enqueue(run.id());
            getUI().ifPresent(ui -> ui.navigate(RunView.class, new RouteParameters(RunView.RUN_ID,
                    Long.toString(run.id()))));
        } catch (PreflightFailedException e) {
            UnorderedList list = new UnorderedList();
            e.findings().forEach(f -> list.add(new ListItem(f.toString())));
            problems.add(new Span("This run cannot run here; nothing was queued."), list);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "run submission failed item=" + itemId, e);
            problems.add(new Span("The run could not be queued: " + e.getMessage()));
        }
    }

    private UploadHandler rasterUpload(RunService runs, SignedInUser user) {
        return event -> {
            UI ui = event.getUI();
            try (InputStream content = event.getInputStream()) {
                RasterDetails uploaded = runs.uploadRaster(content, event.getFileName(), user);
                ui.access(() -> {
                    raster.setItems(runs.rasters());
                    raster.setValue(raster.getListDataView().getItems()
                            .filter(r -> r.id() == uploaded.id()).findFirst().orElse(null));
                });
            } catch (NotARasterException e) {
                ui.access(() -> problems.add(new Span(e.getMessage())));
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "raster upload failed", e);
                ui.access(() -> problems.add(new Span("The raster could not be stored: " + e.getMessage())));
            }
        };
    }
}
