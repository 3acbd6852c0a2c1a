package org.rasterhub.runner.classify;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.engine.LongTensor;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.engine.Tensor;
import org.rasterhub.runner.raster.BandWindowReader;
import org.rasterhub.runner.raster.ClassMapWriter;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.tiling.Tile;
import org.rasterhub.runner.tiling.TileGrid;

/**
 * Classify Pixels: runs a pixel classification model over a raster tile by tile and writes a
 * single-band Byte Cloud Optimized GeoTIFF of class values with the classes' colours, the input's CRS
 * and geotransform, and {@value ClassMapWriter#NO_DATA} where every extracted input band is nodata.
 *
 * <p>The model gets float32 {@code [N, bands, tile, tile]} (the extracted bands, optionally scaled
 * by the request's {@link DataRange}) and must answer per pixel with either an int64 (or int32) class
 * map {@code [N, tile, tile]} or {@code [N, 1, tile, tile]}, written as is, or float scores {@code
 * [N, classes, tile, tile]}, of which the highest wins (ties: the lowest index). Either way the
 * value written is the model's class index, which must equal the {@code Value} of the {@code .emd}
 * class it stands for.
 *
 * <p>Memory is bounded by one batch of tiles, whatever the raster size. Thread-safe: each {@link
 * #classify} call opens its own GDAL datasets, and the model accepts concurrent runs.
 */
public final class PixelClassifier {
    /** The {@link Progress} stage name while tiles are classified; units are tiles. */
    public static final String STAGE = "classifying pixels";
    /** The {@link Progress} stage name while the Cloud Optimized GeoTIFF is written. */
    public static final String STAGE_WRITING = "writing the classified raster";

    private static final System.Logger LOG = System.getLogger(PixelClassifier.class.getName());

    private final InferenceModel model;
    private final List<ModelClass> classes;

    /**
     * @param classes the model's {@code Classes}, for the output's colour table and class names; may
     *     be empty (no colour table then)
     * @throws IllegalArgumentException when a class value does not fit a Byte raster beside nodata
     */
    public PixelClassifier(InferenceModel model, List<ModelClass> classes) {
        if (model == null || classes == null) {
            throw new IllegalArgumentException("model and classes are required");
        }
        for (ModelClass c : classes) {
            if (c.value() < 0 || c.value() > ClassMapWriter.MAX_CLASS_VALUE) {
                throw new IllegalArgumentException("class \"" + c.name() + "\" has value " + c.value()
                    + "; expected 0-" + ClassMapWriter.MAX_CLASS_VALUE + " (" + ClassMapWriter.NO_DATA
                    + " is nodata in the Byte output)");
            }
        }
        this.model = model;
        this.classes = List.copyOf(classes);
    }

    /**
     * Classifies the request's input raster and writes the result to its output file, replacing any
     * file there. On failure no output file is left.
     *
     * @throws RasterIoException when the input cannot be read (missing, not a raster, truncated, a
     *     band in {@code ExtractBands} it lacks) or the output cannot be written
     * @throws InferenceException when the model rejects a batch, for example a band count it was not
     *     trained on or a batch size above a fixed batch dimension
     * @throws ModelOutputException when the model's output is no per-pixel class map or scores of
     *     the tile's size, or holds a class value outside 0-{@value ClassMapWriter#MAX_CLASS_VALUE}
     */
    public ClassifiedRaster classify(ClassifyPixelsRequest request, Progress progress)
            throws RasterIoException, InferenceException, ModelOutputException {
        long started = System.nanoTime();
        try (BandWindowReader reader = BandWindowReader.open(request.input(), request.bandArray())) {
            TileGrid grid = new TileGrid(reader.width(), reader.height(), request.tileSize(),
                request.padding());
            try (ClassMapWriter writer = ClassMapWriter.create(request.output(), reader.width(),
                    reader.height(), reader.transform(), reader.crs(), classes,
                    grid.alignedBlockSize())) {
                new Run(request, grid, reader, writer, progress).tiles();
                progress.update(STAGE_WRITING, 0, 1);
                writer.finish();
                progress.update(STAGE_WRITING, 1, 1);
            }
            LOG.log(System.Logger.Level.INFO, () -> String.format(
                "classify pixels done input=%s output=%s size=%dx%d tiles=%d batch=%d ms=%d",
                request.input(), request.output(), grid.rasterWidth(), grid.rasterHeight(),
                grid.size(), request.batchSize(), (System.nanoTime() - started) / 1_000_000));
            return new ClassifiedRaster(request.output(), grid.rasterWidth(), grid.rasterHeight(),
                grid.size());
        }
    }

    /** One classification's buffers, reused for every batch. */
    private final class Run {
        private final ClassifyPixelsRequest request;
        private final TileGrid grid;
        private final BandWindowReader reader;
        private final ClassMapWriter writer;
        private final Progress progress;
        private final int bands;
        private final int tileSize;
        private final int tileValues;
        private final float[] batch;
        private final byte[] core;
        private final double[] noData;
        private final boolean[] allNoData;

        Run(ClassifyPixelsRequest request, TileGrid grid, BandWindowReader reader,
            ClassMapWriter writer, Progress progress) {
            this.request = request;
            this.grid = grid;
            this.reader = reader;
            this.writer = writer;
            this.progress = progress;
            this.bands = reader.bandCount();
            this.tileSize = grid.tileSize();
            this.tileValues = bands * tileSize * tileSize;
            this.batch = new float[request.batchSize() * tileValues];
            this.core = new byte[grid.stride() * grid.stride()];
            this.noData = noDataValues(reader);
            this.allNoData = noData == null ? null : new boolean[request.batchSize() * tileSize * tileSize];
        }

        void tiles() throws RasterIoException, InferenceException, ModelOutputException {
            int total = grid.size();
            progress.update(STAGE, 0, total);
            for (int first = 0; first < total; first += request.batchSize()) {
                int count = Math.min(request.batchSize(), total - first);
                for (int i = 0; i < count; i++) {
                    Tile tile = grid.tile(first + i);
                    reader.read(tile.input().x(), tile.input().y(), tileSize, tileSize, batch,
                        i * tileValues);
                    markNoData(i);
                    int from = i * tileValues;
                    request.dataRange().ifPresent(range -> range.normalise(batch, from, from + tileValues));
                }
                // All tiles are the same size, so a short last batch only needs a shorter array.
                float[] values = count == request.batchSize() ? batch
                    : Arrays.copyOf(batch, count * tileValues);
                Tensor output = model.run(new FloatTensor(
                    new long[] {count, bands, tileSize, tileSize}, values));
                ClassMap classMap = ClassMap.of(output, count, tileSize);
                for (int i = 0; i < count; i++) {
                    writeCore(grid.tile(first + i), i, classMap);
                }
                progress.update(STAGE, first + count, total);
            }
        }

        private void writeCore(Tile tile, int slot, ClassMap classMap) throws RasterIoException,
                ModelOutputException {
            int width = tile.core().width();
            int height = tile.core().height();
            int plane = tileSize * tileSize;
            int n = 0;
            for (int row = 0; row < height; row++) {
                int pixel = (tile.coreOffsetY() + row) * tileSize + tile.coreOffsetX();
                for (int col = 0; col < width; col++, pixel++) {
                    core[n++] = allNoData != null && allNoData[slot * plane + pixel]
                        ? (byte) ClassMapWriter.NO_DATA
                        : (byte) classMap.classAt(slot, pixel);
                }
            }
            writer.write(tile.core().x(), tile.core().y(), width, height,
                n == core.length ? core : Arrays.copyOf(core, n));
        }

        // Before scaling, so that the comparison is with the values as stored in the file.
        private void markNoData(int slot) {
            if (allNoData == null) {
                return;
            }
            int plane = tileSize * tileSize;
            int base = slot * tileValues;
            for (int p = 0; p < plane; p++) {
                boolean all = true;
                for (int b = 0; b < bands && all; b++) {
                    all = isNoData(batch[base + b * plane + p], noData[b]);
                }
                allNoData[slot * plane + p] = all;
            }
        }

        // NaN is a common nodata value of float rasters, and NaN == NaN is false.
        private static boolean isNoData(float value, double noData) {
            return Double.isNaN(noData) ? Float.isNaN(value) : value == (float) noData;
        }
    }

    // Null unless every extracted band declares nodata: a pixel is "no data" only when all are.
    private static double[] noDataValues(BandWindowReader reader) {
        double[] values = new double[reader.bandCount()];
        for (int b = 0; b < values.length; b++) {
            OptionalDouble value = reader.noData(b);
            if (value.isEmpty()) {
                return null;
            }
            values[b] = value.getAsDouble();
        }
        return values;
    }

    /** A model's output for one batch, read as one class index per pixel. */
    private interface ClassMap {

        /** Class index of a pixel ({@code row * tile + col}) of the tile at {@code slot}. */
        int classAt(int slot, int pixel) throws ModelOutputException;

        static ClassMap of(Tensor output, int count, int tileSize) throws ModelOutputException {
            long[] shape = output.shape();
            long plane = (long) tileSize * tileSize;
            String expected = "expected int64 [" + count + ", " + tileSize + ", " + tileSize + "] or ["
                + count + ", 1, " + tileSize + ", " + tileSize + "] class indexes, or float [" + count
                + ", classes >= 2, " + tileSize + ", " + tileSize + "] scores";
            boolean tileSized = shape.length >= 3 && shape[0] == count
                && shape[shape.length - 2] == tileSize && shape[shape.length - 1] == tileSize;
            if (output instanceof LongTensor classes && tileSized
                    && (shape.length == 3 || shape.length == 4 && shape[1] == 1)) {
                long[] values = classes.values();
                return (slot, pixel) -> checked(values[(int) (slot * plane + pixel)], shape);
            }
            if (output instanceof FloatTensor scores && tileSized && shape.length == 4
                    && shape[1] >= 2) {
                float[] values = scores.values();
                int channels = (int) shape[1];
                return (slot, pixel) -> {
                    int base = (int) (slot * channels * plane + pixel);
                    int best = 0;
                    float bestScore = values[base];
                    for (int c = 1; c < channels; c++) {
                        float score = values[(int) (base + c * plane)];
                        if (score > bestScore) {   // strict: ties keep the lowest index, like ArgMax
                            best = c;
                            bestScore = score;
                        }
                    }
                    return checked(best, shape);
                };
            }
            throw new ModelOutputException(shape, (output instanceof LongTensor ? "int64" : "float")
                + " output of unsupported shape; " + expected);
        }

        private static int checked(long value, long[] shape) throws ModelOutputException {
            if (value < 0 || value > ClassMapWriter.MAX_CLASS_VALUE) {
                throw new ModelOutputException(shape, "class index " + value + " does not fit a Byte"
                    + " raster; expected 0-" + ClassMapWriter.MAX_CLASS_VALUE);
            }
            return (int) value;
        }
    }
}
