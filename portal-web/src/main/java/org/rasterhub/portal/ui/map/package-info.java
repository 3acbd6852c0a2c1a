/**
 * Runs on a map: {@code MapView} shows a succeeded run's input imagery, class rasters (server-rendered
 * Web Mercator tiles) and detected objects (GeoJSON) in OpenLayers, with a layer list (visibility,
 * opacity, zoom to layer), a class legend and, for Detect Change, a swipe between the two dates.
 * OpenLayers comes from its WebJar and is driven by the plain custom element {@code rasterhub-map}
 * ({@code src/main/webapp/map/rasterhub-map.js}), so no frontend build runs.
 */
package org.rasterhub.portal.ui.map;
