package org.rasterhub.runner.classify;

import java.nio.file.Path;
import java.util.List;
import org.rasterhub.runner.tiling.TileGrid;
import org.rasterhub.runner.tiling.TileRows;

/**
 * One work unit's output: the values of a band of whole tile rows ({@link TileRows}), in a file that
 * a merge reads.
 */
public record BandFile(int firstRow, int endRow, Path file) {

    /**
     * The bands' rows in {@code grid}, checked to cover every tile row once, in order.
     *
     * @throws IllegalArgumentException when a band lies outside the grid, or the bands leave a row
     *     out, repeat one or are out of order
     */
    static List<TileRows> covering(TileGrid grid, List<BandFile> bands) {
        List<TileRows> rows = bands.stream().map(b -> new TileRows(grid, b.firstRow(), b.endRow())).toList();
        TileRows.requireCover(grid, rows);
        return rows;
    }
}
