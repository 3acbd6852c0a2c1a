package org.rasterhub.runner.detect;

/**
 * One detection as a model output states it, before it is placed on the raster: the box in fractions
 * of the tile (0 to 1 inside it), the score, the class value of the {@code .emd} and its index in the
 * output (for messages).
 */
record Candidate(int index, double ymin, double xmin, double ymax, double xmax, float score, double classValue) {
}
