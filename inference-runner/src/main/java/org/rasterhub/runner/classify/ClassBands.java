package org.rasterhub.runner.classify;

import java.io.IOException;
import java.util.List;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.raster.ClassMapWriter;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.StageTimes.Stage;
import org.rasterhub.runner.tiling.Tile;
import org.rasterhub.runner.tiling.TileRows;

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
        return classifier.classifyRows(request, firstRow, endRow, BandResult::new, progress).values;
    }

    /**
     * Writes the request's output from the bands, which must cover the grid's tile rows in order,
     * replacing any file there; on failure no output file is left. Needs no model: the colour table
     * and class names come from {@code classes}.
     */
    public static ClassifiedRaster merge(ClassifyPixelsRequest request, List<BandFile> bands, List<ModelClass> classes,
                                         StageTimes times) throws RasterIoException, IOException {
        requireClasses(request);
        try (TileReader reader = TileReader.open(request.input(), request.bandArray(), request.scaling())) {
            ResultRaster.Frame frame = PixelClassifier.frame(request, reader, classes);
            long writing = System.nanoTime();
            ClassMapBands.write(request.output(), frame.grid(), frame.transform(), frame.crs(), classes, bands);
            times.since(Stage.MERGE, writing);
            return new ClassifiedRaster(request.output(), frame.width(), frame.height(), frame.grid().size());
        }
    }

    private static void requireClasses(ClassifyPixelsRequest request) {
        if (!(request.product() instanceof PixelProduct.Classes)) {
            throw new IllegalArgumentException("class bands hold class rasters only, not " + request.product()
                + " (see MeasureBands)");
        }
    }

    /** Tile cores cut into one band's array. */
    private static final class BandResult implements ResultRaster {
        private final ResultRaster.Frame frame;
        private final TileRows rows;
        private final byte[] values;

        BandResult(ResultRaster.Frame frame, TileRows rows) {
            this.frame = frame;
            this.rows = rows;
            this.values = new byte[rows.pixels()];
        }

        @Override
        public void read(Batch batch, List<org.rasterhub.runner.engine.Tensor> outputs, int count)
                throws ModelOutputException {
            batch.classes = ClassMap.of(outputs, count, frame.grid().tileSize(), frame.grid().padding(),
                frame.reading());
        }

        @Override
        public void writeCore(Tile tile, int slot, Batch batch, boolean marksNoData) throws ModelOutputException {
            Classes.cutCore(tile, slot, batch, marksNoData, frame.grid().tileSize(), values,
                rows.offset(tile.core().x(), tile.core().y()), frame.width());
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
