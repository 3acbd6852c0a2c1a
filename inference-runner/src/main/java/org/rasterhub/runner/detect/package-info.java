/**
 * Detect Objects: runs an object detection model ({@code ObjectDetection} in the {@code .emd}) tile
 * by tile over a raster and writes one rectangle per object, with its class and confidence, to a
 * GeoPackage and a GeoJSON. {@link org.rasterhub.runner.detect.ObjectDetector} owns the tensor
 * contract (TensorFlow Object Detection API style, see {@code docs/models.md}); {@link
 * org.rasterhub.runner.detect.NonMaxSuppression} removes the duplicates of one object, within a tile
 * and where tiles meet. Tiling, raster reads and feature writes come from {@code tiling}, {@code
 * raster} and {@code vector}.
 */
package org.rasterhub.runner.detect;
