package org.rasterhub.runner.tiling;

import java.util.AbstractList;
import java.util.List;

/**
 * Covers a raster of {@code rasterWidth} x {@code rasterHeight} pixels with square tiles of {@code
 * tileSize} pixels, the model's input size. Each tile's input is read with {@code padding} pixels on
 * every side inside the tile, as ArcGIS does, so the model always gets {@code tileSize} x {@code
 * tileSize} pixels and only the centre {@link #stride()} x {@code stride()} core is kept; adjacent
 * cores meet without gap or overlap. Cores start at multiples of the stride from the raster's
 * top-left pixel, so writes are aligned to output blocks whose size divides the stride
 * ({@link #alignedBlockSize()}). Edge cores are cut at the raster edge; their input windows keep the
 * full tile size and reach past the edge.
 *
 * <p>Immutable and thread-safe. Tiles are computed on demand, so a grid over a huge raster costs no
 * memory.
 */
public record TileGrid(int rasterWidth, int rasterHeight, int tileSize, int padding) {
    /** Largest tile edge accepted, in pixels: 4096² x bands x 4 bytes is already 64 MiB a band. */
    public static final int MAX_TILE_SIZE = 4096;

    public TileGrid {
        if (rasterWidth < 1 || rasterHeight < 1) {
            throw new IllegalArgumentException("raster must be at least 1 x 1 pixels, was "
                + rasterWidth + " x " + rasterHeight);
        }
        if (tileSize < 1 || tileSize > MAX_TILE_SIZE) {
            throw new IllegalArgumentException("tile size must be between 1 and " + MAX_TILE_SIZE
                + " pixels, was " + tileSize);
        }
        if (padding < 0 || 2 * padding >= tileSize) {
            throw new IllegalArgumentException("padding must be between 0 and " + ((tileSize - 1) / 2)
                + " pixels for tile size " + tileSize + " (at least one core pixel per tile), was "
                + padding);
        }
    }

    /**
     * A grid with ArcGIS's default padding of a quarter of the tile size ({@code ImageHeight / 4}),
     * which keeps the central half of each tile.
     */
    public static TileGrid withDefaultPadding(int rasterWidth, int rasterHeight, int tileSize) {
        return new TileGrid(rasterWidth, rasterHeight, tileSize, defaultPadding(tileSize));
    }

    /** ArcGIS's default padding for a tile size: {@code tileSize / 4}, rounded down. */
    public static int defaultPadding(int tileSize) {
        return tileSize / 4;
    }

    /** Edge of a tile's core, and distance between adjacent tiles, in pixels. */
    public int stride() {
        return tileSize - 2 * padding;
    }

    /** Tiles per row. */
    public int columns() {
        return ceilDiv(rasterWidth, stride());
    }

    /** Tiles per column. */
    public int rows() {
        return ceilDiv(rasterHeight, stride());
    }

    /** Number of tiles. */
    public int size() {
        return Math.multiplyExact(columns(), rows());
    }

    /**
     * The largest power-of-two block edge between 16 and 512 that divides the stride, so that every
     * core write covers whole blocks of a tiled GeoTIFF (GeoTIFF tiles are multiples of 16); 0 when
     * the stride is not a multiple of 16 and no write can be aligned.
     */
    public int alignedBlockSize() {
        for (int block = 512; block >= 16; block /= 2) {
            if (stride() % block == 0) {
                return block;
            }
        }
        return 0;
    }

    /** The tile at a position in row-major order. */
    public Tile tile(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("tile " + index + " of " + size());
        }
        int x = (index % columns()) * stride();
        int y = (index / columns()) * stride();
        Window core = new Window(x, y, Math.min(stride(), rasterWidth - x),
            Math.min(stride(), rasterHeight - y));
        Window input = new Window(x - padding, y - padding, tileSize, tileSize);
        return new Tile(index, input, core);
    }

    /** Every tile in row-major order, computed as it is asked for. */
    public List<Tile> tiles() {
        return new AbstractList<>() {
            @Override
            public Tile get(int index) {
                return tile(index);
            }

            @Override
            public int size() {
                return TileGrid.this.size();
            }
        };
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
