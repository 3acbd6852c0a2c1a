package org.rasterhub.runner.tiling;

import java.util.List;

/**
 * Whole tile rows {@code firstRow} to {@code endRow - 1} of a grid, and the band of raster rows their
 * cores cover: the shape of a work unit. A band's values are row-major, as wide as the raster.
 *
 * <p>Immutable and thread-safe.
 */
public record TileRows(TileGrid grid, int firstRow, int endRow) {

    public TileRows {
        if (grid == null) {
            throw new IllegalArgumentException("grid is required");
        }
        if (firstRow < 0 || endRow > grid.rows() || firstRow >= endRow) {
            throw new IllegalArgumentException("tile rows " + firstRow + "-" + endRow + " are outside the grid's "
                + grid.rows() + " rows");
        }
    }

    /**
     * Checks that {@code bands} cover every tile row of the grid once, in order.
     *
     * @throws IllegalArgumentException naming the first row missed or repeated, or how many rows the
     *     bands cover
     */
    public static void requireCover(TileGrid grid, List<TileRows> bands) {
        int row = 0;
        for (TileRows band : bands) {
            if (band.firstRow() != row) {
                throw new IllegalArgumentException("bands must cover the tile rows in order: expected row " + row
                    + ", got " + band.firstRow());
            }
            row = band.endRow();
        }
        if (row != grid.rows()) {
            throw new IllegalArgumentException("the bands cover " + row + " of " + grid.rows() + " tile rows");
        }
    }

    /** The first raster row of the band. */
    public int top() {
        return firstRow * grid.stride();
    }

    /** Raster rows in the band: the last tile row's cores may be cut at the raster's edge. */
    public int height() {
        return Math.min(endRow * grid.stride(), grid.rasterHeight()) - top();
    }

    /** Pixels in the band; fails when they do not fit one Java array. */
    public int pixels() {
        return Math.multiplyExact(grid.rasterWidth(), height());
    }

    /** Index of the band's first tile in the grid. */
    public int firstTile() {
        return firstRow * grid.columns();
    }

    /** Tiles in the band. */
    public int tiles() {
        return (endRow - firstRow) * grid.columns();
    }

    /** Where raster pixel ({@code x}, {@code y}), inside the band, is in the band's row-major values. */
    public int offset(int x, int y) {
        return (y - top()) * grid.rasterWidth() + x;
    }
}
