package org.rasterhub.portal.ui.catalog;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import jakarta.inject.Inject;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.portal.catalog.CatalogService;
import org.rasterhub.portal.catalog.ItemSummary;
import org.rasterhub.portal.catalog.search.InvalidSearchException;
import org.rasterhub.portal.catalog.search.SearchFacets;
import org.rasterhub.portal.catalog.search.SearchPage;
import org.rasterhub.portal.catalog.search.SearchQuery;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.item.ItemView;
import org.rasterhub.portal.ui.layout.MainLayout;
import org.rasterhub.portal.ui.layout.OpenToVisitors;
import org.rasterhub.portal.ui.upload.UploadView;

/**
 * The catalog: search field, filters, order and pages. The search is in the URL's query parameters
 * (the same names {@code GET /api/items} takes), so a search can be bookmarked and shared.
 */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Catalog · RasterHub")
public class CatalogView extends VerticalLayout implements OpenToVisitors, BeforeEnterObserver {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
            .withZone(ZoneId.systemDefault());
    private static final String ANY = "";

    private final CatalogService catalog;
    private final TextField text = new TextField();
    private final Select<String> modelType = new Select<>();
    private final Select<String> framework = new Select<>();
    private final TextField owner = new TextField("Owner");
    private final TextField tag = new TextField("Tag");
    private final Select<String> sharing = new Select<>();
    private final Select<SearchQuery.Sort> sort = new Select<>();
    private final Grid<ItemSummary> grid = new Grid<>(ItemSummary.class, false);
    private final Paragraph empty = new Paragraph();
    private final Span problem = new Span();
    private final Button previous = new Button("Previous", VaadinIcon.ANGLE_LEFT.create());
    private final Button next = new Button("Next", VaadinIcon.ANGLE_RIGHT.create());
    private final Span pageInfo = new Span();
    private SearchQuery query = SearchQuery.all(0, SearchQuery.DEFAULT_SIZE);
    private boolean showing; // true while fields are set from the URL: their change events are not user input

    @Inject
    public CatalogView(CatalogService catalog) {
        this.catalog = catalog;

        Button upload = new Button("Upload a package",
                e -> getUI().ifPresent(ui -> ui.navigate(UploadView.class)));
        upload.setId("upload-package");
        upload.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        upload.setVisible(PortalSession.caller().has(org.rasterhub.portal.security.Role.USER));
        HorizontalLayout heading = new HorizontalLayout(new H2("Catalog"), upload);
        heading.setWidthFull();
        heading.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        heading.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(heading);

        text.setId("catalog-search");
        text.setPlaceholder("Search titles, tags, classes, descriptions");
        text.setPrefixComponent(VaadinIcon.SEARCH.create());
        text.setClearButtonVisible(true);
        text.setWidthFull();
        text.setMaxLength(SearchQuery.MAX_TEXT_LENGTH);
        text.setValueChangeMode(ValueChangeMode.LAZY); // type-ahead: the last word matches as a prefix
        SearchFacets facets = catalog.searchFacets(PortalSession.caller());
        setUp(modelType, "catalog-model-type", "Model type", options(facets.modelTypes()));
        setUp(framework, "catalog-framework", "Framework", options(facets.frameworks()));
        setUp(sharing, "catalog-sharing", "Sharing", sharingOptions());
        sharing.setVisible(PortalSession.caller().signedIn()); // visitors see public items only
        owner.setId("catalog-owner");
        tag.setId("catalog-tag");
        for (TextField field : List.of(owner, tag)) {
            field.setClearButtonVisible(true);
            field.setValueChangeMode(ValueChangeMode.LAZY);
            field.addValueChangeListener(e -> searchFromFields());
        }
        sort.setId("catalog-sort");
        sort.setLabel("Order");
        sort.setItems(SearchQuery.Sort.values());
        sort.setItemLabelGenerator(s -> switch (s) {
            case RELEVANCE -> "Best match";
            case MODIFIED -> "Recently modified";
            case TITLE -> "Title A–Z";
        });
        sort.addValueChangeListener(e -> searchFromFields());
        text.addValueChangeListener(e -> searchFromFields());
        HorizontalLayout filters = new HorizontalLayout(modelType, framework, owner, tag, sharing, sort);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.getStyle().set("flex-wrap", "wrap");
        problem.setId("catalog-problem");
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        problem.setVisible(false);
        add(text, filters, problem);

        empty.setId("catalog-empty");
        grid.setId("catalog-grid");
        grid.addColumn(new ComponentRenderer<>(item -> new RouterLink(item.title(), ItemView.class,
                        new RouteParameters(ItemView.ITEM_ID, Long.toString(item.id())))))
                .setHeader("Title").setFlexGrow(3);
        grid.addColumn(ItemSummary::modelType).setHeader("Model type");
        grid.addColumn(i -> i.framework() == null ? "—" : i.framework()).setHeader("Framework");
        grid.addColumn(ItemSummary::classCount).setHeader("Classes").setAutoWidth(true);
        grid.addColumn(i -> "v" + i.version()).setHeader("Version").setAutoWidth(true);
        grid.addColumn(i -> String.join(", ", i.tags())).setHeader("Tags");
        grid.addColumn(ItemSummary::owner).setHeader("Owner").setAutoWidth(true);
        grid.addColumn(i -> WHEN.format(i.modified())).setHeader("Modified").setAutoWidth(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true); // at most one page of rows

        previous.setId("catalog-previous");
        next.setId("catalog-next");
        next.setIconAfterText(true);
        pageInfo.setId("catalog-page");
        previous.addClickListener(e -> show(query.withPage(query.page() - 1)));
        next.addClickListener(e -> show(query.withPage(query.page() + 1)));
        HorizontalLayout pager = new HorizontalLayout(previous, pageInfo, next);
        pager.setAlignItems(FlexComponent.Alignment.CENTER);
        add(empty, grid, pager);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> parameters = event.getLocation().getQueryParameters().getParameters();
        try {
            query = SearchQuery.fromParameters(parameters);
            problem.setVisible(false);
        } catch (InvalidSearchException e) {
            query = SearchQuery.all(0, SearchQuery.DEFAULT_SIZE);
            problem.setText("The link's search could not be used: " + e.getMessage());
            problem.setVisible(true);
        }
        showing = true;
        text.setValue(orEmpty(query.text()));
        select(modelType, query.modelType());
        select(framework, query.framework());
        owner.setValue(orEmpty(query.owner()));
        tag.setValue(orEmpty(query.tag()));
        sharing.setValue(query.sharing() == null ? ANY : query.sharing().name());
        sort.setValue(query.sort());
        showing = false;
        showResults();
    }

    private void searchFromFields() {
        if (showing) {
            return;
        }
        // A new word or filter starts at the first page. An order left at its default follows the
        // text (best match with words, recently modified without); one the user picked is kept.
        SearchQuery.Sort chosen = sort.getValue() == usualSort(query) ? null : sort.getValue();
        try {
            SearchQuery wanted = new SearchQuery(text.getValue(), modelType.getValue(), framework.getValue(),
                    owner.getValue(), tag.getValue(),
                    sharing.getValue() == null || sharing.getValue().isEmpty() ? null : Sharing.valueOf(sharing.getValue()),
                    chosen == SearchQuery.Sort.RELEVANCE && text.getValue().isBlank() ? null : chosen, 0, query.size());
            problem.setVisible(false);
            show(wanted);
        } catch (InvalidSearchException e) {
            problem.setText(e.getMessage());
            problem.setVisible(true);
        }
    }

    /** Puts the search in the URL; {@link #beforeEnter} then shows it. */
    private void show(SearchQuery wanted) {
        getUI().ifPresent(ui -> ui.navigate(CatalogView.class, parameters(wanted)));
    }

    private void showResults() {
        SearchPage page = catalog.search(query, PortalSession.caller());
        boolean nothingAtAll = page.total() == 0 && query.equals(SearchQuery.all(0, query.size()));
        empty.setText(nothingAtAll
                ? "No model packages yet. Upload a .dlpk or .zip with an Esri model definition (.emd) at its root"
                + " to add the first one."
                : "No item matches this search.");
        empty.setVisible(page.total() == 0);
        grid.setVisible(page.total() > 0);
        grid.setItems(page.items());
        pageInfo.setText(page.total() == 0 ? "" : "Page " + (page.page() + 1) + " of " + page.pageCount() + " · "
                + page.total() + (page.total() == 1 ? " item" : " items"));
        previous.setEnabled(page.page() > 0);
        next.setEnabled(page.page() + 1 < page.pageCount());
    }

    /** The URL parameters of a search; defaults are left out so links stay short. */
    static QueryParameters parameters(SearchQuery query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        put(parameters, "q", query.text());
        put(parameters, "modelType", query.modelType());
        put(parameters, "framework", query.framework());
        put(parameters, "owner", query.owner());
        put(parameters, "tag", query.tag());
        put(parameters, "sharing", query.sharing() == null ? null : query.sharing().name().toLowerCase(Locale.ROOT));
        put(parameters, "sort", query.sort() == usualSort(query) ? null : query.sort().parameter());
        put(parameters, "page", query.page() == 0 ? null : Integer.toString(query.page()));
        put(parameters, "size", query.size() == SearchQuery.DEFAULT_SIZE ? null : Integer.toString(query.size()));
        return new QueryParameters(parameters);
    }

    private static SearchQuery.Sort usualSort(SearchQuery query) {
        return query.text() == null ? SearchQuery.Sort.MODIFIED : SearchQuery.Sort.RELEVANCE;
    }

    private static void put(Map<String, List<String>> parameters, String name, String value) {
        if (value != null && !value.isBlank()) {
            parameters.put(name, List.of(value));
        }
    }

    private void setUp(Select<String> select, String id, String label, List<String> options) {
        select.setId(id);
        select.setLabel(label);
        select.setItems(options);
        select.setEmptySelectionAllowed(false);
        select.setItemLabelGenerator(o -> o.isEmpty() ? "Any" : labelOf(o));
        select.setValue(ANY);
        select.addValueChangeListener(e -> searchFromFields());
    }

    private static String labelOf(String option) {
        return option.equals(option.toUpperCase(Locale.ROOT))
                ? option.charAt(0) + option.substring(1).toLowerCase(Locale.ROOT) : option;
    }

    /** "Any" first, then the values the catalog has. */
    private static List<String> options(List<String> values) {
        List<String> options = new ArrayList<>(List.of(ANY));
        options.addAll(values);
        return options;
    }

    /** Selects a value from the URL, offering it even when no item has it (the search then finds none). */
    private static void select(Select<String> select, String value) {
        String wanted = orEmpty(value);
        List<String> offered = select.getListDataView().getItems().toList();
        if (!offered.contains(wanted)) {
            List<String> more = new ArrayList<>(offered);
            more.add(wanted);
            select.setItems(more);
        }
        select.setValue(wanted);
    }

    private static List<String> sharingOptions() {
        List<String> options = new ArrayList<>(List.of(ANY));
        for (Sharing level : Sharing.values()) {
            options.add(level.name());
        }
        return options;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
