package org.rasterhub.portal.ui.map;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.rasterhub.runner.render.FeatureThumbnail;
import org.rasterhub.portal.layer.LayerDetails;
import org.rasterhub.portal.layer.LayerNotFoundException;
import org.rasterhub.portal.layer.LayerService;
import org.rasterhub.portal.ui.PortalSession;

/** Draws one result layer with the run map's element, layer list and legend. */
public final class LayerMaps {
    private LayerMaps() {
    }

    /**
     * Adds the map of {@code layer} to {@code view}; {@code contextPath} prefixes API paths.
     *
     * @param vectorTiles draw a feature layer from vector tiles whatever its size
     */
    public static void show(VerticalLayout view, LayerDetails layer, String contextPath, LayerService layers,
                            boolean vectorTiles) {
        MapLayer mapLayer = of(layer, contextPath, vectorTiles);
        MapView.MapElement map = new MapView.MapElement();
        map.setId("layer-map");
        // The GeoJSON is fetched in a request of its own, outside this UI's thread: who asks is checked then.
        map.configure(List.of(mapLayer), ignored -> DownloadHandler.fromInputStream(e -> {
            LayerService.LayerFileOnDisk file;
            try {
                file = layers.file(layer.id(), PortalSession.caller(e.getSession()), "geojson");
            } catch (LayerNotFoundException gone) {
                return DownloadResponse.error(404, gone.getMessage());
            }
            return new DownloadResponse(Files.newInputStream(file.path()), file.file().fileName(),
                    "application/geo+json", file.file().size());
        }).inline(), false);
        MapView.show(view, map, List.of(mapLayer), false, layer.legend());
    }

    static MapLayer of(LayerDetails layer, String contextPath, boolean forceVectorTiles) {
        if (layer.type().equals("IMAGERY")) {
            return new MapLayer("layer-" + layer.id(), layer.title(), MapLayer.Kind.TILES, contextPath + layer.tiles(),
                    contextPath + layer.extent(), Map.of(), true, true);
        }
        Map<String, String> colors = FeatureThumbnail.colors(layer.legend());
        long geoJsonBytes = layer.files().stream().filter(f -> f.format().equals("geojson"))
                .mapToLong(LayerDetails.LayerFile::size).findFirst().orElse(0);
        return MapLayer.features("layer-" + layer.id(), layer.title(), geoJsonBytes, forceVectorTiles,
                contextPath + layer.vectorTiles(), contextPath + layer.extent(), colors);
    }
}
