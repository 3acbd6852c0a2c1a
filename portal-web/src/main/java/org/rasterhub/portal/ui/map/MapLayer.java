package org.rasterhub.portal.ui.map;

import java.util.Map;

/**
 * One layer of the map as the {@code rasterhub-map} element takes it.
 *
 * @param id      unique within the map, used by the layer list to address the layer
 * @param title   what the layer list shows
 * @param kind    {@link Kind#TILES} (XYZ PNG tiles with an extent endpoint), {@link Kind#VECTORS} (GeoJSON,
 *                whole) or {@link Kind#VECTOR_TILES} (GeoJSON tiles with an extent endpoint)
 * @param url     tile URL template for tiles; for vectors the GeoJSON download, filled in by the view
 * @param extentUrl the extent endpoint of a tile layer, null for vectors (their extent is their features')
 * @param colors  class name to {@code #rrggbb}, for vectors; empty for raster tiles (coloured on the server)
 * @param visible shown at first
 * @param classes whether the layer draws classes (so the legend belongs to it)
 */
public record MapLayer(String id, String title, Kind kind, String url, String extentUrl, Map<String, String> colors,
                       boolean visible, boolean classes) {
    /** How the browser gets the layer. */
    public enum Kind { TILES, VECTORS, VECTOR_TILES }

    public MapLayer {
        if (id == null || id.isBlank() || kind == null) {
            throw new IllegalArgumentException("a map layer needs an id and a kind, was " + id + ", " + kind);
        }
        colors = colors == null ? Map.of() : Map.copyOf(colors);
    }
}
