package org.rasterhub.portal.ui.run;

import org.rasterhub.runner.job.Tool;
import org.rasterhub.portal.ui.PortalSession;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.server.streams.UploadHandler;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.portal.run.FeatureLayerDetails;
import org.rasterhub.portal.run.ImageryUploads;
import org.rasterhub.portal.run.JobQueue;
import org.rasterhub.portal.run.NotAFeatureLayerException;
import org.rasterhub.portal.run.NotARasterException;
import org.rasterhub.portal.run.PreflightFailedException;
import org.rasterhub.portal.run.RasterDetails;
import org.rasterhub.portal.run.RunArguments;
import org.rasterhub.portal.run.RunDefaults;
import org.rasterhub.portal.run.RunDetails;
import org.rasterhub.portal.run.RunService;
import org.rasterhub.portal.run.RunSubmission;
import org.rasterhub.runner.job.Tool;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.NotSignedInException;

/**
 * Runs a model from its item page: the tools for its model type, the rasters (one, a collection, or
 * Detect Change's two dates), Classify Objects' feature layer, and the arguments the .emd defaults.
 * A run that cannot run here is refused in the form with every reason. Submitting, uploading and
 * registering act for the user as they are then ({@link PortalSession}): a publisher demoted since the
 * page was drawn is refused by the run service.
 */
public class RunForm extends VerticalLayout {
    private static final System.Logger LOG = System.getLogger(RunForm.class.getName());

    private final RunService runs;
    private final ImageryUploads imagery;
    private final Select<Tool> tool = new Select<>();
    private final MultiSelectComboBox<RasterDetails> rasters = new MultiSelectComboBox<>("Rasters");
    private final Select<RasterDetails> from = new Select<>();
    private final Select<RasterDetails> to = new Select<>();
    private final Select<FeatureLayerDetails> features = new Select<>();
    private final Upload featureUpload;
    private final IntegerField tile = new IntegerField("Tile size");
    private final IntegerField padding = new IntegerField("Padding");
    private final IntegerField batch = new IntegerField("Batch size");
    private final NumberField threshold = new NumberField("Threshold");
    private final NumberField nmsOverlap = new NumberField("NMS overlap");
    private final Checkbox excludePad = new Checkbox("Exclude pad detections", true);
    private final NumberField scoreThreshold = new NumberField("Score threshold");
    private final Checkbox probabilities = new Checkbox("Return probability raster", false);
    private final Select<String> probabilityBands = new Select<>();
    private final TextField extent = new TextField("Processing extent");
    private final Select<String> processor = new Select<>();
    private final Paragraph explanation = new Paragraph();
    private final Div problems = new Div();

    public RunForm(RunService runs, ImageryUploads imagery, JobQueue queue, List<String> imageryFolders, long itemId,
                   int version, String modelType, RunDefaults defaults) {
        this.runs = runs;
        this.imagery = imagery;
        setPadding(false);
        List<Tool> tools = Tool.forModelType(modelType);
        tool.setId("run-tool");
        tool.setLabel("Tool");
        tool.setItems(tools);
        tool.setItemLabelGenerator(Tool::label);
        tool.setValue(tools.get(0));

        rasters.setId("run-rasters");
        rasters.setItemLabelGenerator(RunForm::describe);
        rasters.setWidth("36em");
        rasters.setHelperText("one raster, or several areas or dates: each gets its own result");
        for (Select<RasterDetails> date : List.of(from, to)) {
            date.setItemLabelGenerator(RunForm::describe);
            date.setWidth("28em");
        }
        from.setId("run-from");
        from.setLabel("From (earlier date)");
        to.setId("run-to");
        to.setLabel("To (later date)");
        features.setId("run-features");
        features.setLabel("Feature layer");
        features.setItemLabelGenerator(f -> f.title() + " (" + f.features() + " " + f.geometryType() + " features"
                + (f.epsg() == null ? "" : ", EPSG:" + f.epsg()) + ")");
        features.setWidth("28em");
        refreshInputs();

        Upload rasterUpload = new Upload(rasterUpload());
        rasterUpload.setId("raster-upload");
        rasterUpload.setMaxFiles(1);
        rasterUpload.setDropLabel(new Span("or drop a GeoTIFF (any raster GDAL reads)"));
        rasterUpload.addAllFinishedListener(e -> rasterUpload.clearFileList());
        featureUpload = new Upload(featureUpload());
        featureUpload.setId("features-upload");
        featureUpload.setMaxFiles(1);
        featureUpload.setAcceptedFileTypes(".geojson", ".json", ".gpkg");
        featureUpload.setDropLabel(new Span("or drop a GeoJSON or GeoPackage"));
        featureUpload.addAllFinishedListener(e -> featureUpload.clearFileList());

        // The same defaults the API applies to a request that leaves these out.
        tile.setValue(defaults.tileSize());
        tile.setId("run-tile-size");
        padding.setValue(defaults.padding());
        padding.setId("run-padding");
        batch.setValue(defaults.batchSize());
        batch.setId("run-batch-size");
        threshold.setValue(defaults.threshold());
        threshold.setId("run-threshold");
        nmsOverlap.setValue(defaults.nmsOverlap());
        nmsOverlap.setId("run-nms-overlap");
        excludePad.setId("run-exclude-pad");
        scoreThreshold.setValue(defaults.scoreThreshold());
        excludePad.setValue(defaults.excludePadDetections());
        scoreThreshold.setId("run-score-threshold");
        probabilities.setId("run-probabilities");
        probabilities.setTooltipText("Write the model's class probabilities (Float32) instead of classes");
        probabilityBands.setId("run-probability-bands");
        probabilityBands.setLabel("Probability bands");
        probabilityBands.setItems("every_class", "winning_class");
        probabilityBands.setItemLabelGenerator(b -> b.equals("every_class") ? "a band per class"
                : "the winning class's only");
        probabilityBands.setValue("every_class");
        probabilityBands.setEnabled(false);
        probabilities.addValueChangeListener(e -> probabilityBands.setEnabled(e.getValue()));
        extent.setId("run-extent");
        extent.setPlaceholder("minX, minY, maxX, maxY (blank: all)");
        extent.setWidth("22em");
        processor.setId("run-processor");
        processor.setLabel("Processor");
        processor.setItems("CPU", "GPU");
        processor.setValue(defaults.processorType());

        Button run = new Button("Run", e -> submit(queue, itemId, version));
        run.setId("run-submit");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        problems.setId("run-problems");
        problems.getStyle().set("color", "var(--lumo-error-text-color)");

        FlexLayout arguments = new FlexLayout(tile, padding, batch, threshold, nmsOverlap, excludePad, scoreThreshold,
                probabilities, probabilityBands, extent, processor);
        arguments.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        arguments.setAlignItems(FlexComponent.Alignment.BASELINE);
        arguments.getStyle().set("gap", "var(--lumo-space-m)");
        HorizontalLayout dates = new HorizontalLayout(from, to);
        tool.addValueChangeListener(e -> show(e.getValue(), dates));
        add(new H3("Run the model"));
        try {
            runs.whyModelCannotRun(new ItemId(itemId), version).ifPresent(reason -> {
                Paragraph cannot = new Paragraph("This model cannot run here: " + reason);
                cannot.setId("run-cannot");
                cannot.getStyle().set("color", "var(--lumo-error-text-color)");
                add(cannot);
            });
        } catch (java.io.IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not check the model of item " + itemId + ": " + e.getMessage());
        }
        add(tool, explanation, rasters, dates, features, rasterUpload);
        if (!imageryFolders.isEmpty()) {
            add(serverFile(imageryFolders));
        }
        add(featureUpload, arguments, run, problems);
        show(tool.getValue(), dates);
    }

    private static String describe(RasterDetails r) {
        return r.title() + " (" + r.width() + " × " + r.height() + ", " + r.bands() + " bands"
                + (r.epsg() == null ? "" : ", EPSG:" + r.epsg()) + ")";
    }

    /** Shows the inputs and arguments the chosen tool takes, and hides the rest. */
    private void show(Tool chosen, Component dates) {
        boolean change = chosen == Tool.DETECT_CHANGE;
        boolean objects = chosen == Tool.CLASSIFY_OBJECTS;
        rasters.setVisible(!change);
        dates.setVisible(change);
        features.setVisible(objects);
        featureUpload.setVisible(objects);
        // Classify Pixels: the probability from which a sigmoid channel counts.
        threshold.setVisible(chosen == Tool.DETECT_OBJECTS || chosen == Tool.CLASSIFY_PIXELS);
        probabilities.setVisible(chosen == Tool.CLASSIFY_PIXELS);
        probabilityBands.setVisible(chosen == Tool.CLASSIFY_PIXELS);
        nmsOverlap.setVisible(chosen == Tool.DETECT_OBJECTS);
        excludePad.setVisible(chosen == Tool.DETECT_OBJECTS);
        scoreThreshold.setVisible(objects);
        explanation.setText("Writes " + chosen.produces() + ". Runs tile by tile on this server; progress shows live.");
    }

    private void refreshInputs() {
        Caller caller = PortalSession.caller();
        List<RasterDetails> all = runs.rasters(caller);
        rasters.setItems(all);
        from.setItems(all);
        to.setItems(all);
        features.setItems(runs.featureLayers(caller));
    }

    private void submit(JobQueue queue, long itemId, int version) {
        problems.removeAll();
        Tool chosen = tool.getValue();
        List<Double> bounds;
        try {
            bounds = extent(extent.getValue());
        } catch (NumberFormatException e) {
            problems.add(new Span("The processing extent must be four numbers: minX, minY, maxX, maxY."));
            return;
        }
        RunArguments arguments = new RunArguments(tile.getValue(), padding.getValue(), batch.getValue(),
                processor.getValue(), threshold.getValue(), nmsOverlap.getValue(), excludePad.getValue(),
                scoreThreshold.getValue(), bounds, null, chosen == Tool.CLASSIFY_PIXELS && probabilities.getValue() ? true : null,
                probabilityBands.getValue());
        List<Long> chosenRasters = new ArrayList<>(rasters.getSelectedItems().stream()
                .sorted(Comparator.comparingLong(RasterDetails::id)).map(RasterDetails::id).toList());
        RunSubmission submission = new RunSubmission(new ItemId(itemId), Integer.toString(version), chosen,
                chosen == Tool.DETECT_CHANGE ? List.of() : chosenRasters,
                chosen == Tool.DETECT_CHANGE && from.getValue() != null ? from.getValue().id() : null,
                chosen == Tool.DETECT_CHANGE && to.getValue() != null ? to.getValue().id() : null,
                chosen == Tool.CLASSIFY_OBJECTS && features.getValue() != null ? features.getValue().id() : null,
                arguments);
        try {
            RunDetails run = runs.submit(submission, PortalSession.requireUser());
            queue.enqueue(run.id());
            getUI().ifPresent(ui -> ui.navigate(RunView.class, new RouteParameters(RunView.RUN_ID,
                    Long.toString(run.id()))));
        } catch (PreflightFailedException e) {
            UnorderedList list = new UnorderedList();
            e.findings().forEach(f -> list.add(new ListItem(f.toString())));
            problems.add(new Span("This run cannot run here; nothing was queued."), list);
        } catch (AccessDeniedException | NotSignedInException e) {
            problems.add(new Span(e.getMessage() + "; nothing was queued."));
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "run submission failed item=" + itemId, e);
            problems.add(new Span("The run could not be queued: " + e.getMessage()));
        }
    }

    private static List<Double> extent(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return Arrays.stream(text.split("[,;\\s]+")).filter(s -> !s.isBlank()).map(Double::valueOf).toList();
    }

    /** Registers a raster that lies in a server folder an administrator opened, instead of uploading it. */
    private Component serverFile(List<String> folders) {
        Select<String> folder = new Select<>();
        folder.setId("server-folder");
        folder.setLabel("Server folder");
        folder.setItems(folders);
        folder.setValue(folders.get(0));
        TextField path = new TextField("File in the folder");
        path.setId("server-path");
        path.setPlaceholder("2025/scene.tif");
        path.setWidth("22em");
        Button register = new Button("Use this file", e -> {
            problems.removeAll();
            try {
                chooseNew(imagery.registerServerRaster(folder.getValue(), path.getValue(),
                        PortalSession.requireUser()));
                path.clear();
            } catch (Exception ex) {
                problems.add(new Span(ex.getMessage()));
            }
        });
        register.setId("server-register");
        HorizontalLayout row = new HorizontalLayout(folder, path, register);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        return row;
    }

    /**
     * Adds a raster just uploaded or registered to the chosen ones; for Detect Change it becomes the
     * later date and the previous later date the earlier one.
     */
    private void chooseNew(RasterDetails added) {
        java.util.Set<RasterDetails> chosen = new java.util.LinkedHashSet<>(rasters.getSelectedItems());
        RasterDetails later = to.getValue();
        refreshInputs();
        chosen.add(added);
        rasters.setValue(chosen);
        from.setValue(later);
        to.setValue(added);
    }

    private UploadHandler rasterUpload() {
        return event -> {
            UI ui = event.getUI();
            try (InputStream content = event.getInputStream()) {
                RasterDetails uploaded = imagery.uploadRaster(content, event.getFileName(),
                        PortalSession.requireUser(event.getSession()));
                ui.access(() -> chooseNew(uploaded));
            } catch (NotARasterException | AccessDeniedException | NotSignedInException e) {
                ui.access(() -> problems.add(new Span(e.getMessage())));
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "raster upload failed", e);
                ui.access(() -> problems.add(new Span("The raster could not be stored: " + e.getMessage())));
            }
        };
    }

    private UploadHandler featureUpload() {
        return event -> {
            UI ui = event.getUI();
            try (InputStream content = event.getInputStream()) {
                FeatureLayerDetails uploaded = imagery.uploadFeatures(content, event.getFileName(),
                        PortalSession.requireUser(event.getSession()));
                ui.access(() -> {
                    refreshInputs();
                    features.getListDataView().getItems().filter(f -> f.id() == uploaded.id()).findFirst()
                            .ifPresent(features::setValue);
                });
            } catch (NotAFeatureLayerException | AccessDeniedException | NotSignedInException e) {
                ui.access(() -> problems.add(new Span(e.getMessage())));
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "feature layer upload failed", e);
                ui.access(() -> problems.add(new Span("The feature layer could not be stored: " + e.getMessage())));
            }
        };
    }
}
