/**
 * What a package tells about its model's quality before anyone runs it: the images and metrics
 * arcgis.learn writes into {@code ModelCharacteristics/} and {@code model_metrics.html}, and the
 * metric keys of the {@code .emd}. Package content is untrusted: HTML is read as text by a small
 * parser that keeps only cell and line text, and an image is served only after it decoded as a
 * PNG or JPEG.
 */
package org.rasterhub.portal.characteristics;
