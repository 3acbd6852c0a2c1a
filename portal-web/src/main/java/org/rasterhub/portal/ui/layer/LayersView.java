package org.rasterhub.portal.ui.layer;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import org.rasterhub.portal.layer.LayerDetails;
import org.rasterhub.portal.layer.LayerService;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.layout.MainLayout;
import org.rasterhub.portal.ui.layout.OpenToVisitors;

/** The result layers the visitor may see, newest first, each with its thumbnail. */
@Route(value = "layers", layout = MainLayout.class)
@PageTitle("Layers · RasterHub")
public class LayersView extends VerticalLayout implements OpenToVisitors {

    @Inject
    public LayersView(LayerService layers) {
        List<LayerDetails> visible = layers.list(PortalSession.caller(), null);
        add(new H2("Layers"));
        if (visible.isEmpty()) {
            Paragraph empty = new Paragraph("No layers to show yet. Every result of a run becomes a layer, private "
                    + "to whoever ran it until they share it.");
            empty.setId("layers-empty");
            add(empty);
            return;
        }
        Grid<LayerDetails> grid = new Grid<>(LayerDetails.class, false);
        grid.setId("layers-grid");
        grid.addColumn(new ComponentRenderer<>(layer -> {
            Image thumbnail = new Image(LayerView.api(layer.thumbnail()) + "?size=96", "Thumbnail of " + layer.title());
            thumbnail.setHeight("48px");
            return thumbnail;
        })).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(layer -> new RouterLink(layer.title(), LayerView.class,
                new RouteParameters(LayerView.LAYER_ID, Long.toString(layer.id())))))
                .setHeader("Title").setFlexGrow(3);
        grid.addColumn(layer -> layer.type().equals("IMAGERY") ? "Imagery layer" : "Feature layer")
                .setHeader("Type").setAutoWidth(true);
        grid.addColumn(LayerDetails::owner).setHeader("Owner").setAutoWidth(true);
        grid.addColumn(layer -> layer.sharing().name().toLowerCase(Locale.ROOT)).setHeader("Shared")
                .setAutoWidth(true);
        grid.addColumn(layer -> LayerView.WHEN.format(layer.created())).setHeader("Created").setAutoWidth(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(visible);
        grid.setAllRowsVisible(visible.size() <= 50);
        add(grid);
    }
}
