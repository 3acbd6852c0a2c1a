/**
 * Result layers: every result of a run (per input and kind) is a layer item with its own title,
 * sharing and thumbnail, so a publisher can share a classified raster without sharing the model,
 * the imagery or the run. Access follows {@link org.rasterhub.portal.catalog.ItemAccess}.
 */
package org.rasterhub.portal.layer;
