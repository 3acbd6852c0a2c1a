package org.rasterhub.runner.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.runner.raster.ClassMapWriter;
import org.rasterhub.runner.raster.Crs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.tiling.TileGrid;
import org.rasterhub.runner.tiling.TileRows;

/**
 * The merge of work units whose output is a Byte class map (Classify Pixels' classes, Detect Change):
 * each unit's band of class values, one byte per pixel, written into one Cloud Optimized GeoTIFF. The
 * file is byte for byte the one a whole run writes through {@link ClassMapWriter} with the same grid.
 */
public final class ClassMapBands {
    private ClassMapBands() {
    }

    /**
     * Writes {@code output} from the bands, which must cover the grid's tile rows in order, replacing
     * any file there; on failure no output file is left.
     *
     * @param transform the geotransform of the grid's top-left pixel
     * @param legend the values' names and colours, for the colour table
     * @throws IllegalArgumentException when the bands do not cover the grid's rows once, in order
     * @throws IOException when a band's file cannot be read or holds another number of values than
     *     its rows' pixels
     * @throws RasterIoException when the output cannot be written
     */
    public static void write(Path output, TileGrid grid, GeoTransform transform, Crs crs,
                             List<ModelClass> legend, List<BandFile> bands) throws RasterIoException, IOException {
        List<TileRows> rows = BandFile.covering(grid, bands);
        try (ClassMapWriter writer = ClassMapWriter.create(output, grid.rasterWidth(), grid.rasterHeight(),
                transform, crs, legend, grid.alignedBlockSize())) {
            for (int i = 0; i < bands.size(); i++) {
                TileRows band = rows.get(i);
                byte[] values = Files.readAllBytes(bands.get(i).file());
                if (values.length != band.pixels()) {
                    throw new IOException("band of tile rows " + band.firstRow() + "-" + band.endRow() + " holds "
                        + values.length + " values, not " + band.pixels());
                }
                writer.write(0, band.top(), grid.rasterWidth(), band.height(), values);
            }
            writer.finish();
        }
    }
}
