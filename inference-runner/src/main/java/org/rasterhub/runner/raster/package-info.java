/**
 * Raster input and output through GDAL: one-time loading of the GDAL Java bindings ({@link
 * org.rasterhub.runner.raster.Gdal}), and reading and writing georeferenced GeoTIFFs as band-major
 * float32 pixel arrays with their geotransform and coordinate reference system ({@link
 * org.rasterhub.runner.raster.GeoTiffs}), reading windows of selected bands in bounded memory with
 * mirrored edges ({@link org.rasterhub.runner.raster.BandWindowReader}), and writing a classified
 * Byte raster window by window into a Cloud Optimized GeoTIFF with a colour table ({@link
 * org.rasterhub.runner.raster.ClassMapWriter}). Band-major order is the model input layout (CHW), so a
 * raster read here feeds {@code engine} without reshuffling. The GDAL 3.6 Java bindings report most
 * failures through null returns and error codes rather than exceptions; this package turns each one
 * into a {@link org.rasterhub.runner.raster.RasterIoException} that names the file and quotes GDAL's
 * own message, so no caller has to touch {@code org.gdal} directly.
 */
package org.rasterhub.runner.raster;
