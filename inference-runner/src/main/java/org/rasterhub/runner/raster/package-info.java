/**
 * Raster input and output through GDAL: one-time loading of the GDAL Java bindings ({@link
 * org.rasterhub.runner.raster.Gdal}), and reading and writing georeferenced GeoTIFFs as band-major
 * float32 pixel arrays with their geotransform and coordinate reference system ({@link
 * org.rasterhub.runner.raster.GeoTiffs}). Band-major order is the model input layout (CHW), so a
 * raster read here feeds {@code engine} without reshuffling. The GDAL 3.6 Java bindings report most
 * failures through null returns and error codes rather than exceptions; this package turns each one
 * into a {@link org.rasterhub.runner.raster.RasterIoException} that names the file and quotes GDAL's
 * own message, so no caller has to touch {@code org.gdal} directly.
 */
package org.rasterhub.runner.raster;
