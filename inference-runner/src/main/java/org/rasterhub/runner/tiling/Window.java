package org.rasterhub.runner.tiling;

/**
 * A rectangle of pixels: column {@code x} and row {@code y} of its top-left pixel, and its size.
 * Offsets may be negative or reach past a raster's edge, as a padded tile's input window does.
 */
public record Window(int x, int y, int width, int height) {

    public Window {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("window must be at least 1 x 1 pixels, was "
                + width + " x " + height + " at (" + x + ", " + y + ")");
        }
    }

    /** Column just right of the window. */
    public int endX() {
        return x + width;
    }

    /** Row just below the window. */
    public int endY() {
        return y + height;
    }

    /** Whether every pixel of {@code other} lies inside this window. */
    public boolean contains(Window other) {
        return other.x >= x && other.y >= y && other.endX() <= endX() && other.endY() <= endY();
    }

    /** The part of this window inside a raster of the given size; fails when nothing is inside. */
    public Window clippedTo(int rasterWidth, int rasterHeight) {
        int left = Math.max(x, 0);
        int top = Math.max(y, 0);
        int right = Math.min(endX(), rasterWidth);
        int bottom = Math.min(endY(), rasterHeight);
        if (right <= left || bottom <= top) {
            throw new IllegalArgumentException(this + " lies outside a raster of "
                + rasterWidth + " x " + rasterHeight);
        }
        return new Window(left, top, right - left, bottom - top);
    }
}
