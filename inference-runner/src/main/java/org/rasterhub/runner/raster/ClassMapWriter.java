package org.rasterhub.runner.raster;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

import org.gdal.gdal.Band;
import org.gdal.gdal.ColorTable;
import org.gdal.gdalconst.gdalconst;
import org.rasterhub.core.emd.ModelClass;

/**
 * Writes a classified raster window by window: one Byte band of class values with the classes'
 * colours as a colour table, the input's geotransform and CRS,
 * and {@value #NO_DATA} as nodata. {@link #finish()} turns it into a DEFLATE-compressed Cloud
 * Optimized GeoTIFF with {@value #COG_BLOCK_SIZE}-pixel blocks whose overviews take the most frequent
 * class ({@link CogFile} says how it is written).
 *
 * <p>Not thread-safe: one GDAL dataset, one thread.
 */
public final class ClassMapWriter implements AutoCloseable {
    /** Pixel value for "no class": input pixels that were nodata in every extracted band. */
    public static final int NO_DATA = 255;
    /** Highest class value a Byte raster can hold besides {@link #NO_DATA}. */
    public static final int MAX_CLASS_VALUE = 254;
    /** Edge of the output COG's blocks, in pixels (the COG driver's default). */
    public static final int COG_BLOCK_SIZE = CogFile.COG_BLOCK_SIZE;

    private final CogFile file;

    private ClassMapWriter(CogFile file) {
        this.file = file;
    }

    /**
     * Starts a classified raster of {@code width} x {@code height} pixels, replacing {@code output}
     * once {@link #finish()} succeeds.
     *
     * @param blockSize block edge of the intermediate tiled GeoTIFF: a multiple of 16 that divides the
     *     caller's write windows, so each block is written once; 0 for GDAL's choice
     * @throws IllegalArgumentException when a class value is outside 0-{@value #MAX_CLASS_VALUE}
     * @throws RasterIoException when GDAL cannot create the temporary file next to {@code output}
     */
    public static ClassMapWriter create(Path output, int width, int height, GeoTransform transform,
            Crs crs, List<ModelClass> classes, int blockSize) throws RasterIoException {
        for (ModelClass c : classes) {
            if (c.value() < 0 || c.value() > MAX_CLASS_VALUE) {
                throw new IllegalArgumentException("class \"" + c.name() + "\" has value " + c.value()
                    + "; a Byte class raster holds 0-" + MAX_CLASS_VALUE + " (" + NO_DATA
                    + " is nodata)");
            }
        }
        CogFile file = CogFile.create(output, width, height, 1, gdalconst.GDT_Byte, blockSize, transform, crs,
            NO_DATA);
        try {
            colour(file, classes);
        } catch (RasterIoException | RuntimeException e) {
            file.close();
            throw e;
        }
        return new ClassMapWriter(file);
    }

    /**
     * Writes class values, row by row, into a window inside the raster.
     *
     * @throws RasterIoException when GDAL fails to write
     */
    public void write(int x, int y, int width, int height, byte[] classValues) throws RasterIoException {
        file.write(x, y, width, height, classValues);
    }

    /**
     * Flushes and copies the written raster to {@code output} as a Cloud Optimized GeoTIFF, replacing
     * any file there, and deletes the temporary file.
     *
     * @throws RasterIoException when flushing or the copy fails; then no output file is left
     */
    public void finish() throws RasterIoException {
        // Class values must never be averaged: overviews take the most frequent class.
        file.finish("MODE", List.of());
    }

    /** Releases the temporary file; without a successful {@link #finish()} also the output. */
    @Override
    public void close() {
        file.close();
    }

    private static void colour(CogFile file, List<ModelClass> classes) throws RasterIoException {
        if (classes.isEmpty()) {
            return;
        }
        Band band = file.band(1);
        ColorTable colours = new ColorTable(gdalconst.GPI_RGB);
        int highest = classes.stream().mapToInt(ModelClass::value).max().orElse(0);
        for (int value = 0; value <= highest; value++) {
            colours.SetColorEntry(value, new Color(0, 0, 0, 0));
        }
        for (ModelClass c : classes) {
            colours.SetColorEntry(c.value(), new Color(c.red(), c.green(), c.blue()));
        }
        colours.SetColorEntry(NO_DATA, new Color(0, 0, 0, 0));
        try {
            GeoTiffs.check(file.output(), band.SetRasterColorTable(colours), "setting the colour table",
                CogFile.NOTHING_WRITTEN);
            GeoTiffs.check(file.output(), band.SetRasterColorInterpretation(gdalconst.GCI_PaletteIndex),
                "setting palette colours", CogFile.NOTHING_WRITTEN);
            // No category names: GeoTIFF keeps them only in a .aux.xml sidecar, which a stored
            // output never has (GDAL's PAM is off; see GdalGate). Legends take names from the .emd.
        } finally {
            colours.delete();
        }
    }
}
