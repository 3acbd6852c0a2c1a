package org.rasterhub.portal.ui.layer;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import jakarta.inject.Inject;
import java.util.Optional;
import org.rasterhub.portal.layer.LayerDetails;
import org.rasterhub.portal.layer.LayerService;
import org.rasterhub.portal.ui.layout.MainLayout;
import org.rasterhub.portal.ui.layout.OpenToVisitors;
import org.rasterhub.portal.ui.map.LayerMaps;

/** One result layer on the map, for anyone who may see it: no run or imagery needed. */
@Route(value = "layers/:" + LayerMapView.LAYER_ID + "/map", layout = MainLayout.class)
@PageTitle("Layer map · RasterHub")
public class LayerMapView extends VerticalLayout implements BeforeEnterObserver, OpenToVisitors {
    public static final String LAYER_ID = "layerId";

    private final LayerService layers;

    @Inject
    public LayerMapView(LayerService layers) {
        this.layers = layers;
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        String id = event.getRouteParameters().get(LAYER_ID).orElse("");
        Optional<LayerDetails> layer = LayerView.find(layers, id);
        if (layer.isEmpty()) {
            add(new H2("Layer not found"), new Paragraph("There is no layer with id " + id + "."));
            return;
        }
        add(new RouterLink(layer.get().title(), LayerView.class,
                new RouteParameters(LayerView.LAYER_ID, Long.toString(layer.get().id()))));
        // ?vectors=tiles draws a feature layer from vector tiles even when it is small enough to load whole.
        boolean vectorTiles = event.getLocation().getQueryParameters().getSingleParameter("vectors")
                .filter("tiles"::equals).isPresent();
        LayerMaps.show(this, layer.get(), LayerView.api(""), layers, vectorTiles);
    }
}
