package org.rasterhub.runner.tiling;

/**
 * One tile of a {@link TileGrid}.
 *
 * @param index position in the grid's row-major order, from 0
 * @param input the square window the model sees: the core plus padding on every side; it reaches
 *     past the raster edge on edge tiles, and the reader fills that part
 * @param core the window whose model output is kept and written, inside the raster
 */
public record Tile(int index, Window input, Window core) {

    public Tile {
        if (index < 0) {
            throw new IllegalArgumentException("tile index must not be negative, was " + index);
        }
        if (input == null || core == null || !input.contains(core)) {
            throw new IllegalArgumentException("core " + core + " must lie inside input " + input);
        }
    }

    /** The part of {@link #input} inside a raster of the given size: what is actually read. */
    public Window read(int rasterWidth, int rasterHeight) {
        return input.clippedTo(rasterWidth, rasterHeight);
    }

    /** Column of the core's top-left pixel inside the input window. */
    public int coreOffsetX() {
        return core.x() - input.x();
    }

    /** Row of the core's top-left pixel inside the input window. */
    public int coreOffsetY() {
        return core.y() - input.y();
    }
}
