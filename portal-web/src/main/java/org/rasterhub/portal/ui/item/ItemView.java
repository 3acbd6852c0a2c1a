package org.rasterhub.portal.ui.item;

import org.rasterhub.runner.job.Tool;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.IOException;
import java.nio.file.Files;
import jakarta.inject.Inject;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Optional;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.catalog.ItemNotFoundException;
import org.rasterhub.core.catalog.VersionNotFoundException;
import org.rasterhub.core.emd.EmdPaths;
import org.rasterhub.portal.catalog.CatalogService;
import org.rasterhub.portal.catalog.PackageUploads;
import org.rasterhub.portal.catalog.ClassInfo;
import org.rasterhub.portal.catalog.FileInfo;
import org.rasterhub.portal.catalog.ItemDetails;
import org.rasterhub.portal.catalog.ModelContracts;
import org.rasterhub.portal.catalog.StoredPackage;
import org.rasterhub.portal.catalog.Thumbnails;
import org.rasterhub.portal.characteristics.ModelCharacteristicsService;
import org.rasterhub.portal.layer.LayerDetails;
import org.rasterhub.portal.layer.LayerService;
import org.rasterhub.portal.ui.layer.LayerMapView;
import org.rasterhub.portal.ui.layer.LayerView;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.catalog.VersionInfo;
import org.rasterhub.portal.run.ImageryUploads;
import org.rasterhub.portal.run.JobQueue;
import org.rasterhub.portal.run.RunDefaults;
import org.rasterhub.portal.config.PortalSettings;
import org.rasterhub.portal.run.RunDetails;
import org.rasterhub.portal.run.RunService;
import org.rasterhub.runner.job.Tool;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.run.RunForm;
import org.rasterhub.portal.ui.run.RunView;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.rasterhub.portal.ui.layout.MainLayout;
import org.rasterhub.portal.ui.layout.OpenToVisitors;

@Route(value = "items/:" + ItemView.ITEM_ID, layout = MainLayout.class)
public class ItemView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle, OpenToVisitors {
    public static final String ITEM_ID = "itemId";
    /** Model types the run form is offered for: what the runner can run today. */
    private static final System.Logger LOG = System.getLogger(ItemView.class.getName());
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
            .withZone(ZoneId.systemDefault());

    private final CatalogService catalog;
    private final PackageUploads uploads;
    private final ImageryUploads imagery;
    private final RunService runs;
    private final JobQueue queue;
    private final PortalSettings settings;
    private final ModelCharacteristicsService characteristics;
    private final LayerService layers;
    private final ModelContracts contracts;
    private String title = "Item · RasterHub";

    @Inject
    public ItemView(CatalogService catalog, RunService runs, JobQueue queue, PortalSettings settings,
                    ModelCharacteristicsService characteristics, LayerService layers, PackageUploads uploads,
                    ImageryUploads imagery, ModelContracts contracts) {
        this.catalog = catalog;
        this.contracts = contracts;
        this.imagery = imagery;
        this.uploads = uploads;
        this.runs = runs;
        this.queue = queue;
        this.settings = settings;
        this.characteristics = characteristics;
        this.layers = layers;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String id = event.getRouteParameters().get(ITEM_ID).orElse("");
        Optional<String> version = event.getLocation().getQueryParameters().getSingleParameter("version");
        render(id, version);
    }

    private void render(String id, Optional<String> version) {
        removeAll();
        Optional<ItemDetails> item;
        try {
            item = ItemId.parse(id).map(itemId -> version.isPresent()
                    ? catalog.find(itemId, version.get(), PortalSession.caller())
                    : catalog.find(itemId, PortalSession.caller()).orElse(null));
        } catch (ItemNotFoundException | VersionNotFoundException e) {
            item = Optional.empty();
        }
        if (item.isEmpty()) {
            Paragraph missing = new Paragraph("There is no item with id " + id
                    + version.map(v -> " and version " + v).orElse("") + ".");
            missing.setId("item-missing");
            add(new H2("Item not found"), missing);
            return;
        }
        show(item.get());
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    private void show(ItemDetails item) {
        title = item.title() + " · RasterHub";
        H2 heading = new H2(item.title());
        heading.setId("item-title");
        String shown = item.version() == item.latestVersion() ? "version " + item.version() + " (latest)"
                : "version " + item.version() + " of " + item.latestVersion();
        Span subtitle = new Span(item.modelType() + " model · " + shown + " · owned by " + item.owner()
                + " · created " + WHEN.format(item.created()));
        subtitle.setId("item-subtitle");
        subtitle.getStyle().set("color", "var(--lumo-secondary-text-color)");

        VerticalLayout headings = new VerticalLayout(heading, subtitle, ItemAbout.of(item));
        headings.setPadding(false);
        headings.setSpacing(false);
        HorizontalLayout top = new HorizontalLayout(thumbnail(item), headings);
        top.setWidthFull();
        add(top);
        add(ItemManagement.of(item, this::showLatest));
        if (!item.warnings().isEmpty()) {
            add(warnings(item));
        }
        add(facts(item, contracts.of(item)), download(item), new H3("Classes"), classes(item), new H3("Model characteristics"),
                CharacteristicsPanel.of(characteristics.of(item)), new H3("Files in the package"),
                files(item), new H3("Versions"), versions(item));
        Caller caller = PortalSession.caller(); // what to draw; each action reads it again
        if (item.may("edit") && caller.signedIn()) {
            add(new VersionTools(catalog, uploads, item, this::showLatest));
        }
        if (!Tool.forModelType(item.modelType()).isEmpty() && item.may("run") && caller.signedIn()) {
            add(new RunForm(runs, imagery, queue, settings.imageryFolders().names(), item.id(), item.version(),
                    item.modelType(), runDefaults(item)));
        }
        List<RunDetails> itemRuns = runs.runsOf(new ItemId(item.id()), caller);
        if (!itemRuns.isEmpty()) {
            add(new H3("Runs"), runs(itemRuns));
            Component layers = layers(itemRuns);
            if (layers != null) {
                add(new H3("Layers"), layers);
            }
        }
        add(new H3("Model definition (" + item.emdPath() + ")"), definition(item));
    }

    /** The tile size the model wants (ImageHeight), 256 when the definition does not say. */
    private static RunDefaults runDefaults(ItemDetails item) {
        try {
            return RunDefaults.of(new ObjectMapper().readTree(item.emd()));
        } catch (IOException e) {
            return RunDefaults.of(null);
        }
    }

    private void showLatest(ItemDetails item) {
        render(Long.toString(item.id()), Optional.empty());
    }

    /**
     * The package download. The handler runs in a request of its own, outside this UI's thread, and
     * checks who asks then: a page drawn before its user was disabled or lost the item serves nothing.
     */
    private Component download(ItemDetails item) {
        ItemId id = new ItemId(item.id());
        String version = Integer.toString(item.version());
        Anchor anchor = new Anchor(DownloadHandler.fromInputStream(event -> {
            try {
                StoredPackage stored = catalog.verifiedPackage(id, version, PortalSession.caller(event.getSession()));
                return new DownloadResponse(Files.newInputStream(stored.file()), stored.fileName(),
                        "application/zip", stored.size());
            } catch (ItemNotFoundException | VersionNotFoundException e) {
                return DownloadResponse.error(404, e.getMessage()); // as the API answers an item one may not see
            } catch (IOException e) {
                // A corrupt blob is refused, not served: the reason goes to the log and the browser.
                LOG.log(System.Logger.Level.ERROR, "download refused item=" + id + " version=" + version, e);
                return DownloadResponse.error(409, e.getMessage());
            }
        }), "Download version " + item.version() + " (" + humanSize(item.size()) + ")");
        anchor.setId("item-download");
        anchor.getElement().setAttribute("download", true);
        return anchor;
    }

    private static Component versions(ItemDetails item) {
        Grid<VersionInfo> grid = new Grid<>(VersionInfo.class, false);
        grid.setId("item-versions");
        grid.addColumn(new ComponentRenderer<RouterLink, VersionInfo>(v -> {
            RouterLink link = new RouterLink("v" + v.number(), ItemView.class,
                    new RouteParameters(ITEM_ID, Long.toString(item.id())));
            link.setQueryParameters(QueryParameters.of("version", Integer.toString(v.number())));
            return link;
        })).setHeader("Version").setAutoWidth(true);
        grid.addColumn(v -> String.join(", ", v.aliases())).setHeader("Aliases").setAutoWidth(true);
        grid.addColumn(VersionInfo::fileName).setHeader("File").setFlexGrow(2);
        grid.addColumn(v -> humanSize(v.size())).setHeader("Size").setAutoWidth(true);
        grid.addColumn(v -> v.sha256().substring(0, 12) + "…").setHeader("SHA-256").setAutoWidth(true)
                .setTooltipGenerator(VersionInfo::sha256);
        grid.addColumn(v -> WHEN.format(v.created())).setHeader("Uploaded").setAutoWidth(true);
        grid.setItems(item.versions());
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.setPartNameGenerator(v -> v.number() == item.version() ? "shown-version" : null);
        return grid;
    }

    private static Component runs(List<RunDetails> itemRuns) {
        Grid<RunDetails> grid = new Grid<>(RunDetails.class, false);
        grid.setId("item-runs");
        grid.addColumn(new ComponentRenderer<RouterLink, RunDetails>(r -> new RouterLink("Run " + r.id(),
                RunView.class, new RouteParameters(RunView.RUN_ID, Long.toString(r.id()))))).setHeader("Run")
                .setAutoWidth(true);
        grid.addColumn(RunDetails::toolLabel).setHeader("Tool").setAutoWidth(true);
        grid.addColumn(r -> "v" + r.version()).setHeader("Version").setAutoWidth(true);
        grid.addColumn(RunDetails::status).setHeader("Status").setAutoWidth(true);
        grid.addColumn(r -> r.inputs().size() + " input" + (r.inputs().size() == 1 ? "" : "s")).setHeader("Inputs")
                .setAutoWidth(true);
        grid.addColumn(r -> r.outputs().size() + " file" + (r.outputs().size() == 1 ? "" : "s")).setHeader("Results")
                .setAutoWidth(true);
        grid.addColumn(r -> WHEN.format(r.created())).setHeader("Submitted").setAutoWidth(true);
        grid.setItems(itemRuns);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        return grid;
    }

    /**
     * The layers the item's runs made that the caller may see, each linking to its page and its map.
     * Layers are items of their own, shared apart from the model: the caller may see some of a run's.
     */
    private Component layers(List<RunDetails> itemRuns) {
        VerticalLayout list = new VerticalLayout();
        list.setId("item-layers");
        list.setPadding(false);
        list.setSpacing(false);
        Caller caller = PortalSession.caller();
        for (RunDetails run : itemRuns) {
            if (run.outputs().isEmpty()) {
                continue;
            }
            for (LayerDetails layer : layers.list(caller, run.id())) {
                RouterLink page = new RouterLink(layer.title(), LayerView.class,
                        new RouteParameters(LayerView.LAYER_ID, Long.toString(layer.id())));
                RouterLink map = new RouterLink("map", LayerMapView.class,
                        new RouteParameters(LayerMapView.LAYER_ID, Long.toString(layer.id())));
                map.addClassName("item-layer-map");
                HorizontalLayout row = new HorizontalLayout(page, new Span(run.toolLabel() + ", run " + run.id()), map);
                row.setAlignItems(FlexComponent.Alignment.BASELINE);
                row.addClassName("item-layer");
                list.add(row);
            }
        }
        return list.getComponentCount() == 0 ? null : list;
    }

    /** The uploaded thumbnail, or one drawn from the class colours; served by the API to this session. */
    private static Component thumbnail(ItemDetails item) {
        Image image = new Image("/api/items/" + item.id() + "/thumbnail", "thumbnail of " + item.title());
        image.setId("item-thumbnail");
        image.setWidth(Thumbnails.WIDTH + "px");
        image.getStyle().set("flex", "none").set("border-radius", "var(--lumo-border-radius-m)")
                .set("border", "1px solid var(--lumo-contrast-10pct)");
        return image;
    }

    private static Component warnings(ItemDetails item) {
        Div box = new Div();
        box.setId("item-warnings");
        box.getStyle().set("background", "var(--lumo-warning-color-10pct, #fff4d6)").set("padding",
                "var(--lumo-space-s) var(--lumo-space-m)").set("border-radius", "var(--lumo-border-radius-m)");
        for (String warning : item.warnings()) {
            box.add(new Paragraph("⚠ " + warning));
        }
        return box;
    }

    private static Component facts(ItemDetails item, Optional<ModelContracts.ModelContract> contract) {
        Div facts = new Div();
        facts.setId("item-facts");
        facts.getStyle().set("display", "grid").set("grid-template-columns", "max-content 1fr")
                .set("gap", "var(--lumo-space-xs) var(--lumo-space-l)");
        fact(facts, "Model type", item.modelType());
        fact(facts, "Framework", item.framework());
        fact(facts, "Model configuration", item.modelConfiguration());
        fact(facts, "Model file", item.modelFile());
        modelFile(item).ifPresent(file -> fact(facts, "Runs here?", (file.runnable() ? "yes" : "no")
                + (file.assessment() == null ? "" : ": " + file.assessment())));
        // What the model file itself says, and what a run with the defaults makes of it.
        contract.ifPresent(c -> {
            c.inputs().forEach(input -> fact(facts, "Model input", input.toString()));
            c.outputs().forEach(output -> fact(facts, "Model output", output.toString()));
        });
        for (ModelFacts.Fact fact : ModelFacts.of(item.emd()).facts()) {
            fact(facts, fact.label(), fact.value());
        }
        fact(facts, "Package file", item.fileName() + " (" + humanSize(item.size()) + ")");
        fact(facts, "SHA-256", item.sha256());
        return facts;
    }

    /** The package file the definition's ModelFile names, resolved beside the .emd as ingest did. */
    private static Optional<FileInfo> modelFile(ItemDetails item) {
        if (item.modelFile() == null) {
            return Optional.empty();
        }
        String path = EmdPaths.resolveBeside(item.emdPath(), item.modelFile());
        return item.files().stream().filter(f -> f.path().equals(path)).findFirst();
    }

    private static void fact(Div facts, String label, String value) {
        Span name = new Span(label);
        name.getStyle().set("font-weight", "600");
        Span text = new Span(value == null ? "—" : value);
        text.getElement().setAttribute("data-fact", label);
        facts.add(name, text);
    }

    private static Component classes(ItemDetails item) {
        VerticalLayout list = new VerticalLayout();
        list.setId("item-classes");
        list.setPadding(false);
        list.setSpacing(false);
        if (item.classes().isEmpty()) {
            list.add(new Span("The model definition has no class table."));
        }
        for (ClassInfo c : item.classes()) {
            Span swatch = new Span();
            swatch.getStyle().set("display", "inline-block").set("width", "1.2em").set("height", "1.2em")
                    .set("border", "1px solid var(--lumo-contrast-30pct)").set("border-radius", "3px")
                    .set("background-color", c.hexColor());
            swatch.getElement().setAttribute("title", c.hexColor());
            swatch.getElement().setAttribute("role", "img");
            swatch.getElement().setAttribute("aria-label", "colour " + c.hexColor());
            swatch.addClassName("item-class-swatch");
            Span label = new Span(c.value() + " · " + c.name());

            HorizontalLayout row = new HorizontalLayout(swatch, label);
            row.setAlignItems(FlexComponent.Alignment.CENTER);
            row.addClassName("item-class");
            list.add(row);
        }
        return list;
    }

    private static Component files(ItemDetails item) {
        Grid<FileInfo> grid = new Grid<>(FileInfo.class, false);
        grid.setId("item-files");
        grid.addColumn(FileInfo::path).setHeader("Path").setFlexGrow(2);
        grid.addColumn(f -> f.kind() == null ? "—" : f.kind()).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(f -> f.executable() ? "⚠ executable code" : "").setHeader("Code").setAutoWidth(true)
                .setTooltipGenerator(f -> f.imports().isEmpty() ? null : "imports " + String.join(", ", f.imports()));
        grid.addColumn(f -> f.assessment() == null ? "" : f.assessment()).setHeader("Runs here?").setFlexGrow(3)
                .setTooltipGenerator(FileInfo::assessment);
        grid.addColumn(f -> humanSize(f.size())).setHeader("Size").setAutoWidth(true);
        grid.addColumn(f -> f.sha256().substring(0, 12) + "…").setHeader("SHA-256").setAutoWidth(true)
                .setTooltipGenerator(FileInfo::sha256);
        grid.setItems(item.files());
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        return grid;
    }

    private static Component definition(ItemDetails item) {
        Pre pre = new Pre(item.emd()); // text, never HTML: package content is untrusted
        pre.setId("item-emd");
        pre.getStyle().set("max-height", "24em").set("overflow", "auto").set("width", "100%")
                .set("background", "var(--lumo-contrast-5pct)").set("padding", "var(--lumo-space-s)");
        return pre;
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f %s", value, units[unit]);
    }
}
