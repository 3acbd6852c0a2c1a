package org.rasterhub.runner.job;

/**
 * A part of one raster's work in a run, which any runner may work: a band of whole tile rows, or for
 * Classify Objects a range of the feature layer's features in file order. The row names stay for
 * both, since the run's unit table and the run page use them.
 *
 * @param index the unit's place in the run, from 0
 * @param inputPosition the raster's position among the run's rasters
 * @param firstRow the first tile row; {@code endRow} the row after the last. For Classify Objects the
 *     position of the first feature, and the one after the last
 * @param tiles the tiles in it; for Classify Objects its features (one chip each)
 */
public record WorkUnit(int index, int inputPosition, int firstRow, int endRow, int tiles) {
}
