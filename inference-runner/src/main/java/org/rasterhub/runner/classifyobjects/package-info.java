/**
 * Classify Objects: labels each feature of a feature layer (building outlines, field parcels) with
 * the class an image classification model gives the raster chip under it. {@link
 * org.rasterhub.runner.classifyobjects.ObjectClassifier} reads the features with {@code vector},
 * the chips with {@code raster}, runs the model through {@code engine}, and writes the features with
 * their original attributes plus the label to a GeoPackage and a GeoJSON. The tensor contract is in
 * {@code docs/models.md}.
 */
package org.rasterhub.runner.classifyobjects;
