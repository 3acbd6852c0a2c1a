package org.rasterhub.portal.ui.map;

import java.util.Map;

/**
 * One layer of the map as the {@code rasterhub-map} element takes it.
 *
 * @param id      unique within the map, used by the layer list to address the layer
 * @param title   what the layer list shows
 * @param kind    {@link Kind#TILES} (XYZ PNG tiles with an extent endpoint), {@link Kind#VECTORS} (GeoJSON,
 *                whole) or {@link Kind#VECTOR_TILES} (Mapbox Vector Tiles with an extent endpoint)
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

    /**
     * Feature layers whose GeoJSON is larger than this are drawn from vector tiles: a browser parses
     * a few MB of GeoJSON in well under a second, tens of MB freeze the page.
     */
    public static final long VECTOR_TILES_ABOVE_BYTES = 4L * 1024 * 1024;

    /**
     * The one rule for how a map gets a feature layer, on run maps and layer pages alike: whole GeoJSON
     * while a browser parses it at once, vector tiles beyond {@link #VECTOR_TILES_ABOVE_BYTES}.
     *
     * @param forceVectorTiles vector tiles whatever the size (the pages' {@code ?vectors=tiles})
     * @param tilesUrl         the vector tile template, {@code .../{z}/{x}/{y}.mvt}
     */
    static MapLayer features(String id, String title, long geoJsonBytes, boolean forceVectorTiles, String tilesUrl,
                             String extentUrl, Map<String, String> colors) {
        if (forceVectorTiles || geoJsonBytes > VECTOR_TILES_ABOVE_BYTES) {
            return new MapLayer(id, title, Kind.VECTOR_TILES, tilesUrl, extentUrl, colors, true, true);
        }
        return new MapLayer(id, title, Kind.VECTORS, null, null, colors, true, true);
    }

    public MapLayer {
        if (id == null || id.isBlank() || kind == null) {
            throw new IllegalArgumentException("a map layer needs an id and a kind, was " + id + ", " + kind);
        }
        colors = colors == null ? Map.of() : Map.copyOf(colors);
    }
}
