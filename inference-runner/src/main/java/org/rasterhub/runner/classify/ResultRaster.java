package org.rasterhub.runner.classify;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.runner.engine.Tensor;
import org.rasterhub.runner.raster.ClassMapWriter;
import org.rasterhub.runner.raster.Crs;
import org.rasterhub.runner.raster.FloatRasterWriter;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.tiling.Tile;
import org.rasterhub.runner.tiling.TileGrid;

/**
 * Where {@link PixelClassifier} puts each tile's answer: a Byte class raster or a Float32 raster of
 * probabilities or values ({@link PixelProduct}). The model thread reads a batch's output into the
 * batch ({@link #read}); the writer thread writes each tile's core ({@link #writeCore}).
 */
interface ResultRaster extends AutoCloseable {

    /** One batch's buffers; {@link TilePipeline#DEPTH} of them circulate. */
    final class Batch {
        final float[] values;
        final boolean[] noData;
        ClassMap classes;
        PixelMeasures measures;

        Batch(int values, int pixels) {
            this.values = new float[values];
            this.noData = new boolean[pixels];
        }
    }

    /** The output file, its size, place and the grid whose tiles' cores fill it. */
    record Frame(Path output, int width, int height, GeoTransform transform, Crs crs, TileGrid grid,
                 OutputReading reading, List<ModelClass> classes) {
    }

    /** Reads the model's output for the batch's {@code count} tiles into the batch. */
    void read(Batch batch, List<Tensor> outputs, int count) throws ModelOutputException;

    /** Writes the core of the tile at {@code slot}; nodata where every input band was nodata. */
    void writeCore(Tile tile, int slot, Batch batch, boolean marksNoData) throws RasterIoException, ModelOutputException;

    /** Turns what was written into the output Cloud Optimized GeoTIFF. */
    void finish() throws RasterIoException;

    @Override
    void close();

    static ResultRaster create(Frame frame, PixelProduct product) throws RasterIoException {
        return product instanceof PixelProduct.Classes ? new Classes(frame) : new Measures(frame, product);
    }

    /** One Byte band of class values. */
    final class Classes implements ResultRaster {
        private final Frame frame;
        private final ClassMapWriter writer;
        private final byte[] core;   // the writer thread's only

        Classes(Frame frame) throws RasterIoException {
            this.frame = frame;
            this.writer = ClassMapWriter.create(frame.output(), frame.width(), frame.height(), frame.transform(),
                frame.crs(), frame.classes(), frame.grid().alignedBlockSize());
            this.core = new byte[frame.grid().stride() * frame.grid().stride()];
        }

        @Override
        public void read(Batch batch, List<Tensor> outputs, int count) throws ModelOutputException {
            batch.classes = ClassMap.of(outputs, count, frame.grid().tileSize(), frame.grid().padding(),
                frame.reading());
        }

        @Override
        public void writeCore(Tile tile, int slot, Batch batch, boolean marksNoData)
                throws RasterIoException, ModelOutputException {
            int width = tile.core().width();
            int n = width * tile.core().height();
            cutCore(tile, slot, batch, marksNoData, frame.grid().tileSize(), core, 0, width);
            writer.write(tile.core().x(), tile.core().y(), width, tile.core().height(),
                n == core.length ? core : Arrays.copyOf(core, n));
        }

        /**
         * Puts the class values of the tile's core into {@code into} from {@code offset}, rows {@code
         * rowStride} apart; nodata where every input band was nodata.
         */
        static void cutCore(Tile tile, int slot, Batch batch, boolean marksNoData, int tileSize, byte[] into,
                            int offset, int rowStride) throws ModelOutputException {
            int plane = tileSize * tileSize;
            for (int row = 0; row < tile.core().height(); row++) {
                int pixel = (tile.coreOffsetY() + row) * tileSize + tile.coreOffsetX();
                int n = offset + row * rowStride;
                for (int col = 0; col < tile.core().width(); col++, pixel++) {
                    into[n++] = marksNoData && batch.noData[slot * plane + pixel]
                        ? (byte) ClassMapWriter.NO_DATA
                        : (byte) batch.classes.classAt(slot, pixel);
                }
            }
        }

        @Override
        public void finish() throws RasterIoException {
            writer.finish();
        }

        @Override
        public void close() {
            writer.close();
        }
    }

    /**
     * Float32 bands of probabilities or values. The band count is the model's (one per class channel),
     * so the file is created when the first batch has been read.
     */
    final class Measures implements ResultRaster {
        private final Frame frame;
        private final PixelProduct product;
        private volatile FloatRasterWriter writer;
        private float[][] cores;   // the writer thread's only, per band
        private float[] pixel;

        Measures(Frame frame, PixelProduct product) {
            this.frame = frame;
            this.product = product;
        }

        @Override
        public void read(Batch batch, List<Tensor> outputs, int count) throws ModelOutputException {
            batch.measures = PixelMeasures.of(outputs, count, frame.grid().tileSize(), frame.grid().padding(),
                frame.reading(), product);
        }

        @Override
        public void writeCore(Tile tile, int slot, Batch batch, boolean marksNoData)
                throws RasterIoException, ModelOutputException {
            if (writer == null) {
                writer = createWriter(frame, batch.measures.bandDescriptions(frame.classes(), product), product);
                int stride = frame.grid().stride();
                cores = new float[writer.bands()][stride * stride];
                pixel = new float[writer.bands()];
            }
            requireBands(batch.measures, writer.bands());
            int width = tile.core().width();
            int n = width * tile.core().height();
            cutCore(tile, slot, batch, marksNoData, frame.grid().tileSize(), cores, 0, width, pixel);
            for (int b = 0; b < cores.length; b++) {
                writer.write(b, tile.core().x(), tile.core().y(), width, tile.core().height(),
                    n == cores[b].length ? cores[b] : Arrays.copyOf(cores[b], n));
            }
        }

        /** The writer of the frame's output with these bands, as a whole run and a merge of units create it. */
        static FloatRasterWriter createWriter(Frame frame, List<String> bandDescriptions, PixelProduct product)
                throws RasterIoException {
            return FloatRasterWriter.create(frame.output(), frame.width(), frame.height(), frame.transform(),
                frame.crs(), bandDescriptions, product instanceof PixelProduct.Probabilities,
                frame.grid().alignedBlockSize());
        }

        /** Fails when a batch answers another number of bands than the first. */
        static void requireBands(PixelMeasures measures, int bands) throws ModelOutputException {
            if (measures.bands() != bands) {
                throw new ModelOutputException(new long[0], "a batch answered " + measures.bands()
                    + " band(s) after another answered " + bands);
            }
        }

        /**
         * Puts the measures of the tile's core into every band of {@code into} from {@code offset}, rows
         * {@code rowStride} apart; {@link FloatRasterWriter#NO_DATA} where every input band was nodata.
         * {@code pixel} is scratch space of one value per band.
         */
        static void cutCore(Tile tile, int slot, Batch batch, boolean marksNoData, int tileSize, float[][] into,
                            int offset, int rowStride, float[] pixel) throws ModelOutputException {
            int plane = tileSize * tileSize;
            for (int row = 0; row < tile.core().height(); row++) {
                int index = (tile.coreOffsetY() + row) * tileSize + tile.coreOffsetX();
                int n = offset + row * rowStride;
                for (int col = 0; col < tile.core().width(); col++, index++, n++) {
                    if (marksNoData && batch.noData[slot * plane + index]) {
                        for (float[] band : into) {
                            band[n] = FloatRasterWriter.NO_DATA;
                        }
                        continue;
                    }
                    batch.measures.pixel(slot, index, pixel);
                    for (int b = 0; b < into.length; b++) {
                        into[b][n] = pixel[b];
                    }
                }
            }
        }

        @Override
        public void finish() throws RasterIoException {
            if (writer == null) {
                throw new IllegalStateException("no tile was written to " + frame.output());
            }
            writer.finish();
        }

        @Override
        public void close() {
            if (writer != null) {
                writer.close();
            }
        }
    }
}
