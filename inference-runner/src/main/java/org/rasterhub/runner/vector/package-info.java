/**
 * Feature layers through GDAL's OGR: {@link org.rasterhub.runner.vector.FeatureLayerWriter} writes
 * polygons with attributes to a GeoPackage (in the raster's CRS) and a GeoJSON (RFC 7946, WGS84),
 * leaving no partial file on failure; {@link org.rasterhub.runner.vector.FeatureLayerReader} reads
 * the first layer of a GeoJSON or GeoPackage into features whose geometry is reprojected into a
 * raster's CRS, refusing files that are no vector data, empty or too large. Tools that produce or
 * consume features (Detect Objects, Classify Objects) use this package and never touch {@code
 * org.gdal.ogr} themselves.
 */
package org.rasterhub.runner.vector;
