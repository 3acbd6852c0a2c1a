/**
 * Classify Pixels: runs a pixel classification model ({@code ImageClassification} in the {@code
 * .emd}) over a whole raster and writes a classified raster with the model's class colours. {@link
 * org.rasterhub.runner.classify.PixelClassifier} ties the other features together: {@code tiling}
 * cuts the raster into padded tiles, {@code raster} reads them and writes the result through GDAL,
 * {@code engine} runs the model, and {@link org.rasterhub.runner.classify.TilePipeline} overlaps the
 * three. It owns the tensor contract between tiles and the model ({@link
 * org.rasterhub.runner.classify.ClassMap}), described in {@code docs/models.md}, which Detect Change
 * reuses, and the checks every tool makes on its request and on the {@code .emd} classes ({@link
 * org.rasterhub.runner.classify.RequestChecks}, {@link org.rasterhub.runner.classify.ClassValues}).
 * No UI, job or REST code: those call this library.
 */
package org.rasterhub.runner.classify;
