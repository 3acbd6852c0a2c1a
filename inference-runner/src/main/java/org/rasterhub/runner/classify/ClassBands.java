package org.rasterhub.runner.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.raster.ClassMapWriter;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.StageTimes.Stage;
import org.rasterhub.runner.tiling.Tile;
import org.rasterhub.runner.tiling.TileGrid;
import org.rasterhub.runner.tiling.Window;

/**
 * Classify Pixels in work units: the class values of a band of whole tile rows ({@link #classify}),
 * which any runner may compute, and the Cloud Optimized GeoTIFF made from all of a raster's bands
 * ({@link #merge}). A band's tiles are the whole raster's grid's tiles, read with the same padding
 * across the band's edges, so the merged file is byte for byte what {@link PixelClassifier#classify}
 * writes, however many runners made its bands.
 */
public final class ClassBands {
    private final PixelClassifier classifier;

    /** @param classifier a classifier whose times also take the bands' reading, model and cutting */
    public ClassBands(PixelClassifier classifier) {
        this.classifier = classifier;
    }

    /** One band's class values, row-major over the processing window's width, in a file. */
    public record Band(int firstRow, int endRow, Path values) {
    }

    /**
     * Classifies tile rows {@code firstRow} to {@code endRow - 1} of the request's grid.
     *
     * @return the band's class values ({@value ClassMapWriter#NO_DATA} for nodata), row-major, as wide
     *     as the processing window
     * @throws IllegalArgumentException when the request asks for another product than classes, or
     *     the rows are outside the grid
     */
    public byte[] classify(ClassifyPixelsRequest request, int firstRow, int endRow, Progress progress)
            throws RasterIoException, InferenceException, ModelOutputException {
        requireClasses(request);
        try (TileReader reader = TileReader.open(request.input(), request.bandArray(), request.scaling())) {
            Window window = window(request, reader);
            TileGrid grid = new TileGrid(window.width(), window.height(), request.tileSize(), request.padding());
            if (firstRow < 0 || endRow > grid.rows() || firstRow >= endRow) {
                throw new IllegalArgumentException("tile rows " + firstRow + "-" + endRow + " are outside the grid's "
                        + grid.rows() + " rows");
            }
            int top = firstRow * grid.stride();
            int height = Math.min(endRow * grid.stride(), window.height()) - top;
            byte[] values = new byte[Math.multiplyExact(window.width(), height)];
            ResultRaster band = new BandResult(request, grid, top, window.width(), values);
            classifier.run(request, grid, window, reader, band, progress, firstRow * grid.columns(),
                    (endRow - firstRow) * grid.columns());
            return values;
        }
    }

    /**
     * Writes the request's output from the bands, which must cover the grid's tile rows in order,
     * replacing any file there; on failure no output file is left. Needs no model: the colour table
     * and class names come from {@code classes}.
     */
    public static ClassifiedRaster merge(ClassifyPixelsRequest request, List<Band> bands, List<ModelClass> classes,
                                         StageTimes times) throws RasterIoException, IOException {
        requireClasses(request);
        try (TileReader reader = TileReader.open(request.input(), request.bandArray(), request.scaling())) {
            Window window = window(request, reader);
            TileGrid grid = new TileGrid(window.width(), window.height(), request.tileSize(), request.padding());
            int row = 0;
            for (Band band : bands) {
                if (band.firstRow() != row) {
                    throw new IllegalArgumentException("bands must cover the tile rows in order: expected row " + row
                            + ", got " + band.firstRow());
                }
                row = band.endRow();
            }
            if (row != grid.rows()) {
                throw new IllegalArgumentException("the bands cover " + row + " of " + grid.rows() + " tile rows");
            }
            long writing = System.nanoTime();
            try (ClassMapWriter writer = ClassMapWriter.create(request.output(), window.width(), window.height(),
                    reader.transform().shiftedBy(window.x(), window.y()), reader.crs(), classes,
                    grid.alignedBlockSize())) {
                for (Band band : bands) {
                    int top = band.firstRow() * grid.stride();
                    int height = Math.min(band.endRow() * grid.stride(), window.height()) - top;
                    byte[] values = Files.readAllBytes(band.values());
                    if (values.length != (long) height * window.width()) {
                        throw new IOException("band of tile rows " + band.firstRow() + "-" + band.endRow() + " holds "
                                + values.length + " values, not " + (long) height * window.width());
                    }
                    writer.write(0, top, window.width(), height, values);
                }
                writer.finish();
            }
            times.since(Stage.MERGE, writing);
            return new ClassifiedRaster(request.output(), window.width(), window.height(), grid.size());
        }
    }

    private static Window window(ClassifyPixelsRequest request, TileReader reader) throws RasterIoException {
        Window window = request.processingWindow().orElse(new Window(0, 0, reader.width(), reader.height()));
        reader.checkInside(request.input(), window);
        return window;
    }

    private static void requireClasses(ClassifyPixelsRequest request) {
        if (!(request.product() instanceof PixelProduct.Classes)) {
            throw new IllegalArgumentException("work units make class rasters only, not " + request.product());
        }
    }

    /** Tile cores cut into one band's array. */
    private static final class BandResult implements ResultRaster {
        private final ClassifyPixelsRequest request;
        private final TileGrid grid;
        private final int top;
        private final int width;
        private final byte[] values;

        BandResult(ClassifyPixelsRequest request, TileGrid grid, int top, int width, byte[] values) {
            this.request = request;
            this.grid = grid;
            this.top = top;
            this.width = width;
            this.values = values;
        }

        @Override
        public void read(Batch batch, List<org.rasterhub.runner.engine.Tensor> outputs, int count)
                throws ModelOutputException {
            batch.classes = ClassMap.of(outputs, count, grid.tileSize(), grid.padding(), request.reading());
        }

        @Override
        public void writeCore(Tile tile, int slot, Batch batch, boolean marksNoData) throws ModelOutputException {
            Classes.cutCore(tile, slot, batch, marksNoData, grid.tileSize(), values,
                    (tile.core().y() - top) * width + tile.core().x(), width);
        }

        @Override
        public void finish() {
            // the caller stores the band
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
