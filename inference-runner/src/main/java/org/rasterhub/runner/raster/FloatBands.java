package org.rasterhub.runner.raster;

/**
 * Pixel values of one or more raster bands as float32, band-major: all rows of band 0, then band 1,
 * and so on, each band row by row from the top. That is the CHW layout image models take.
 *
 * <p>The array is shared, not copied, because tiles are large and are handed straight to a model;
 * callers that keep a reference must not change it while others read.
 */
public record FloatBands(int width, int height, int bandCount, float[] values) {
    /** Most values one instance holds: the largest Java array HotSpot allocates. */
    public static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    public FloatBands {
        if (width < 1 || height < 1 || bandCount < 1) {
            throw new IllegalArgumentException("width, height and band count must be at least 1, was "
                + width + " x " + height + " x " + bandCount);
        }
        long expected = (long) width * height * bandCount;
        if (values == null || values.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " values for " + width + " x "
                + height + " x " + bandCount + " bands, found "
                + (values == null ? "null" : values.length));
        }
    }

    /** Zero-filled bands; fails when the pixel count does not fit a Java array. */
    public static FloatBands zeros(int width, int height, int bandCount) {
        long count = (long) width * height * bandCount;
        if (count > MAX_VALUES) {
            throw new IllegalArgumentException(width + " x " + height + " x " + bandCount
                + " pixels do not fit one Java array; read the raster by windows");
        }
        return new FloatBands(width, height, bandCount, new float[(int) count]);
    }

    /** Value at a band (0-based), row and column. */
    public float get(int band, int row, int col) {
        return values[index(band, row, col)];
    }

    /** Sets the value at a band (0-based), row and column. */
    public void set(int band, int row, int col, float value) {
        values[index(band, row, col)] = value;
    }

    private int index(int band, int row, int col) {
        if (band < 0 || band >= bandCount || row < 0 || row >= height || col < 0 || col >= width) {
            throw new IndexOutOfBoundsException("band " + band + ", row " + row + ", col " + col
                + " is outside " + bandCount + " bands of " + width + " x " + height);
        }
        return (band * height + row) * width + col;
    }
}
