package org.rasterhub.runner.tiling;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TileGridTest {

    @Test
    void defaultPaddingIsAQuarterOfTheTileSizeAsInArcGis() {
        TileGrid grid = TileGrid.withDefaultPadding(1000, 1000, 256);

        assertEquals(64, grid.padding());
        assertEquals(128, grid.stride());
    }

    @Test
    void coresCoverEveryPixelExactlyOnceWhenTheSizeIsNoMultipleOfTheTile() {
        TileGrid grid = new TileGrid(300, 220, 64, 16);
        int[][] covered = new int[220][300];

        for (Tile tile : grid.tiles()) {
            Window core = tile.core();
            for (int row = core.y(); row < core.endY(); row++) {
                for (int col = core.x(); col < core.endX(); col++) {
                    covered[row][col]++;
                }
            }
        }

        assertEquals(10 * 7, grid.size(), "ceil(300/32) x ceil(220/32) tiles");
        for (int row = 0; row < 220; row++) {
            for (int col = 0; col < 300; col++) {
                assertEquals(1, covered[row][col], "times pixel (" + col + ", " + row + ") is written");
            }
        }
    }

    @Test
    void everyInputWindowIsAFullTileCentredOnItsCore() {
        TileGrid grid = new TileGrid(300, 220, 64, 16);

        for (Tile tile : grid.tiles()) {
            assertAll("tile " + tile.index(),
                () -> assertEquals(64, tile.input().width()),
                () -> assertEquals(64, tile.input().height()),
                () -> assertEquals(16, tile.coreOffsetX()),
                () -> assertEquals(16, tile.coreOffsetY()));
        }
    }

    @Test
    void theTopLeftTileReadsFromTheRasterEdgeAndItsInputReachesPastIt() {
        Tile first = new TileGrid(300, 220, 64, 16).tile(0);

        assertEquals(new Window(-16, -16, 64, 64), first.input());
        assertEquals(new Window(0, 0, 32, 32), first.core());
        assertEquals(new Window(0, 0, 48, 48), first.read(300, 220));
    }

    @Test
    void theBottomRightTileHasACoreCutAtTheRasterEdge() {
        TileGrid grid = new TileGrid(300, 220, 64, 16);
        Tile last = grid.tile(grid.size() - 1);

        assertEquals(new Window(288, 192, 12, 28), last.core());
        assertEquals(new Window(272, 176, 64, 64), last.input());
        assertEquals(new Window(272, 176, 28, 44), last.read(300, 220));
    }

    @Test
    void aRasterSmallerThanOneTileGetsOneTileWithTheWholeRasterAsCore() {
        TileGrid grid = new TileGrid(20, 10, 64, 16);

        assertEquals(1, grid.size());
        assertEquals(new Window(0, 0, 20, 10), grid.tile(0).core());
        assertEquals(new Window(0, 0, 20, 10), grid.tile(0).read(20, 10));
    }

    @Test
    void zeroPaddingTilesTheRasterEdgeToEdge() {
        TileGrid grid = new TileGrid(128, 64, 64, 0);

        assertEquals(2, grid.size());
        assertEquals(grid.tile(1).input(), grid.tile(1).core());
        assertEquals(new Window(64, 0, 64, 64), grid.tile(1).core());
    }

    @Test
    void coreWritesAreBlockAlignedWhenTheStrideIsAMultipleOf16() {
        assertEquals(32, new TileGrid(300, 220, 64, 16).alignedBlockSize());
        assertEquals(128, TileGrid.withDefaultPadding(300, 220, 256).alignedBlockSize());
        assertEquals(512, new TileGrid(300, 220, 512, 0).alignedBlockSize());
        assertEquals(0, new TileGrid(300, 220, 100, 25).alignedBlockSize(), "stride 50");
    }

    @Test
    void paddingThatLeavesNoCoreIsRejectedWithTheValidRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TileGrid(300, 220, 64, 32));

        assertTrue(e.getMessage().contains("between 0 and 31"), e.getMessage());
        assertTrue(e.getMessage().contains("was 32"), e.getMessage());
    }

    @Test
    void negativePaddingIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TileGrid(300, 220, 64, -1));
    }

    @Test
    void anEmptyRasterIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TileGrid(0, 220, 64, 16));

        assertTrue(e.getMessage().contains("0 x 220"), e.getMessage());
    }

    @Test
    void aTileSizeAboveTheLimitIsRejected() {
        assertThrows(IllegalArgumentException.class,
            () -> new TileGrid(300, 220, TileGrid.MAX_TILE_SIZE + 1, 0));
    }

    @Test
    void askingForATilePastTheEndFails() {
        TileGrid grid = new TileGrid(300, 220, 64, 16);

        assertThrows(IndexOutOfBoundsException.class, () -> grid.tile(grid.size()));
    }
}
