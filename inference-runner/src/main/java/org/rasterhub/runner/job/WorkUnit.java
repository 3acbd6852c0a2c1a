package org.rasterhub.runner.job;

/**
 * A band of whole tile rows of one raster of a run, which any runner may work.
 *
 * @param index the unit's place in the run, from 0
 * @param inputPosition the raster's position among the run's rasters
 * @param firstRow the first tile row; {@code endRow} the row after the last
 * @param tiles the tiles in it
 */
public record WorkUnit(int index, int inputPosition, int firstRow, int endRow, int tiles) {
}
