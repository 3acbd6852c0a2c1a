/**
 * Map tiles: renders 256 x 256 PNG tiles of a stored raster in Web Mercator (EPSG:3857, XYZ scheme
 * as OSM uses) for the portal's map, and the raster's extent for "zoom to layer". Class rasters are
 * drawn in their colour tables (the {@code .emd} colours), imagery is stretched from per-file
 * statistics. Rendering on the server lets outputs in any CRS show in a browser without proj4. Feature
 * layers too large to send whole are cut into Mapbox Vector Tiles, clipped and simplified per zoom
 * ({@link org.rasterhub.runner.render.VectorTiles}); see {@code docs/maps.md}.
 */
package org.rasterhub.runner.render;
