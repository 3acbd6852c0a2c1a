package org.rasterhub.portal.layer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.rasterhub.core.catalog.Sharing;

/**
 * A result layer as its page and {@code GET /api/layers/{id}} show it: what it is, where it came from
 * (run, model version, inputs by hash), its files in each format, and where to draw it.
 *
 * @param type       IMAGERY (tiles) or FEATURES (GeoJSON)
 * @param model      the model item and version that made it; its title only when the caller may see the item
 * @param inputs     the inputs it was made from, by file name and SHA-256 (provenance, not access)
 * @param files      the layer in each format it was written in
 * @param legend     value, name and colour of each class, from the run's summary
 * @param tiles      XYZ tile URL template for imagery layers, else null
 * @param extent     extent endpoint (lon/lat and EPSG:3857)
 * @param geojson    the GeoJSON of a feature layer, whole, else null
 * @param vectorTiles Mapbox Vector Tile template of a feature layer, for layers too large to load whole
 * @param allowed    what the caller may do: view, download, edit, share (publish beyond private)
 */
public record LayerDetails(long id, String title, String type, String kind, String owner, Sharing sharing,
                           List<Long> groups, Instant created, Instant modified, long run, String tool, Model model,
                           List<Input> inputs, List<LayerFile> files, Integer features, JsonNode legend,
                           String thumbnail, String tiles, String extent, String geojson, String vectorTiles,
                           List<String> allowed) {

    /** The model item and version a layer was made with. */
    public record Model(long item, int version, String title) {
    }

    /** An input a layer was made from. */
    public record Input(String role, String fileName, String sha256) {
    }

    /** One file of the layer. */
    public record LayerFile(String format, String mediaType, String fileName, long size, String sha256, String href) {
    }

    public boolean may(String action) {
        return allowed.contains(action);
    }
}
