package org.rasterhub.portal.ui.catalog;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import jakarta.inject.Inject;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import org.rasterhub.portal.catalog.CatalogService;
import org.rasterhub.portal.catalog.ItemSummary;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.item.ItemView;
import org.rasterhub.portal.ui.layout.MainLayout;
import org.rasterhub.portal.ui.layout.OpenToVisitors;
import org.rasterhub.portal.ui.upload.UploadView;

@Route(value = "", layout = MainLayout.class)
@PageTitle("Catalog · RasterHub")
public class CatalogView extends VerticalLayout implements OpenToVisitors {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
            .withZone(ZoneId.systemDefault());

    @Inject
    public CatalogView(CatalogService catalog) {
        List<ItemSummary> items = catalog.list(PortalSession.caller());

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

        if (items.isEmpty()) {
            Paragraph empty = new Paragraph("No model packages yet. Upload a .dlpk or .zip with an Esri model "
                    + "definition (.emd) at its root to add the first one.");
            empty.setId("catalog-empty");
            add(empty);
            return;
        }
        Grid<ItemSummary> grid = new Grid<>(ItemSummary.class, false);
        grid.setId("catalog-grid");
        grid.addColumn(new ComponentRenderer<>(item -> new RouterLink(item.title(), ItemView.class,
                        new RouteParameters(ItemView.ITEM_ID, Long.toString(item.id())))))
                .setHeader("Title").setFlexGrow(3).setSortable(true).setComparator(ItemSummary::title);
        grid.addColumn(ItemSummary::modelType).setHeader("Model type").setSortable(true);
        grid.addColumn(i -> i.framework() == null ? "—" : i.framework()).setHeader("Framework").setSortable(true);
        grid.addColumn(ItemSummary::classCount).setHeader("Classes").setAutoWidth(true);
        grid.addColumn(i -> "v" + i.version()).setHeader("Version").setAutoWidth(true);
        grid.addColumn(ItemSummary::owner).setHeader("Owner").setAutoWidth(true);
        grid.addColumn(i -> WHEN.format(i.modified())).setHeader("Modified").setAutoWidth(true)
                .setSortable(true).setComparator(ItemSummary::modified);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(items);
        grid.setAllRowsVisible(items.size() <= 50);
        add(grid);
    }
}
