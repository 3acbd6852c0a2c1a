package org.rasterhub.runner.change;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.classify.BandFile;
import org.rasterhub.runner.classify.ClassMap;
import org.rasterhub.runner.classify.ClassMapBands;
import org.rasterhub.runner.classify.ModelOutputException;
import org.rasterhub.runner.classify.TilePipeline;
import org.rasterhub.runner.classify.TileReader;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.engine.Tensor;
import org.rasterhub.runner.raster.ClassMapWriter;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.StageTimes.Stage;
import org.rasterhub.runner.tiling.Tile;
import org.rasterhub.runner.tiling.TileGrid;
import org.rasterhub.runner.tiling.TileRows;
import org.rasterhub.runner.tiling.Window;

/**
 * Detect Change: runs a model over two rasters of the same pixel grid, tile by tile in one pass (the
 * same tile of both dates at once), and writes a single-band Byte Cloud Optimized GeoTIFF with the
 * first raster's CRS and geotransform (shifted to the processing window), a colour table and class
 * names, and {@value ClassMapWriter#NO_DATA} where either date is nodata in every extracted band.
 *
 * <ul>
 *   <li>{@link ChangeMode#CLASS_TRANSITIONS}: a pixel classification model (the contract of {@link
 *       org.rasterhub.runner.classify.PixelClassifier}) classifies each date; a pixel whose class
 *       stayed the same is {@value #NO_CHANGE}, any other holds the value of its {@link Transition}.
 *       Every ordered pair of different classes has a value, whether it occurs or not, so the legend
 *       is known before the run: at most {@value #MAX_TRANSITION_CLASSES} classes (16 x 15 = 240
 *       transitions fit a Byte beside 0 and 255).</li>
 *   <li>{@link ChangeMode#TWO_DATE_MODEL}: the model gets {@code [N, 2 x bands, tile, tile]}, the
 *       first date's bands then the second's, and answers like a pixel classification model; its
 *       class values are written with the {@code .emd}'s classes.</li>
 * </ul>
 *
 * <p>A large run may be split into work units of whole tile rows ({@link #detectRows}), which any
 * runner computes, merged without the model into the file {@link #detect} writes ({@link #merge}).
 *
 * <p>Memory is bounded by {@link TilePipeline#DEPTH} batches of both dates' tiles (and, for a work
 * unit, its band of one byte a pixel). Thread-safe: each call opens its own GDAL datasets.
 */
public final class ChangeDetector {
    /** The {@link Progress} stage name while tiles are compared; units are tiles. */
    public static final String STAGE = "detecting change";
    /** The {@link Progress} stage name while the Cloud Optimized GeoTIFF is written. */
    public static final String STAGE_WRITING = "writing the change raster";
    /** Pixel value of "same class on both dates" in a class-transition change raster. */
    public static final int NO_CHANGE = 0;
    /** Most classes a class-transition change raster can name every transition of in a Byte. */
    public static final int MAX_TRANSITION_CLASSES = 16;
    /** Colour of {@link #NO_CHANGE}: light grey, so that changes stand out. */
    public static final ModelClass NO_CHANGE_CLASS = new ModelClass(NO_CHANGE, "No change", 220, 220,
        220);

    private static final System.Logger LOG = System.getLogger(ChangeDetector.class.getName());

    private final InferenceModel model;
    private final ChangeMode mode;
    private final StageTimes times;
    private final ChangeLegend values;

    /**
     * A detector for a pixel classification model ({@link ChangeMode#CLASS_TRANSITIONS}).
     *
     * @throws IllegalArgumentException as {@link #ChangeDetector(InferenceModel, List, ChangeMode)}
     */
    public ChangeDetector(InferenceModel model, List<ModelClass> classes) {
        this(model, classes, ChangeMode.CLASS_TRANSITIONS);
    }

    /**
     * @param classes the model's {@code .emd} {@code Classes}
     * @param mode how the model is used; {@link ChangeMode#forModel} picks it from the {@code .emd}
     * @throws IllegalArgumentException when a class value is outside 0-{@value
     *     ClassMapWriter#MAX_CLASS_VALUE} or repeated, or, for class transitions, when there are
     *     fewer than 2 or more than {@value #MAX_TRANSITION_CLASSES} classes
     */
    public ChangeDetector(InferenceModel model, List<ModelClass> classes, ChangeMode mode) {
        this(model, classes, mode, new StageTimes());
    }

    /** As {@link #ChangeDetector(InferenceModel, List, ChangeMode)}, timing reading, post-processing and writing. */
    public ChangeDetector(InferenceModel model, List<ModelClass> classes, ChangeMode mode, StageTimes times) {
        if (model == null || classes == null || mode == null || times == null) {
            throw new IllegalArgumentException("model, classes, mode and times are required");
        }
        this.values = ChangeLegend.of(classes, mode);
        this.model = model;
        this.mode = mode;
        this.times = times;
    }

    /** The values the output holds besides nodata, with names and colours (see {@link ChangeRaster}). */
    public List<ModelClass> legend() {
        return values.legend;
    }

    /** The class transitions and their values; empty for {@link ChangeMode#TWO_DATE_MODEL}. */
    public List<Transition> transitions() {
        return values.transitions;
    }

    /**
     * Compares the request's two rasters and writes the change raster to its output file, replacing
     * any file there. On failure no output file is left.
     *
     * @throws RasterMismatchException when the rasters differ in size, geotransform or CRS
     * @throws RasterIoException when a raster cannot be read or the output cannot be written
     * @throws InferenceException when the model rejects a batch
     * @throws ModelOutputException when the output is no per-pixel class map or scores of the tile's
     *     size, or (class transitions) a class value that is not one of the classes
     * @throws IllegalArgumentException when the processing window reaches outside the rasters
     */
    public ChangeRaster detect(DetectChangeRequest request, Progress progress)
            throws RasterMismatchException, RasterIoException, InferenceException,
            ModelOutputException {
        long started = System.nanoTime();
        try (DatePair dates = DatePair.open(request)) {
            TileGrid grid = dates.grid;
            try (ClassMapWriter writer = ClassMapWriter.create(request.output(), grid.rasterWidth(),
                    grid.rasterHeight(), dates.transform(), dates.crs(), values.legend, grid.alignedBlockSize())) {
                run(request, dates, 0, grid.size(), (tile, core) -> writer.write(tile.core().x(), tile.core().y(),
                    tile.core().width(), tile.core().height(), core), progress);
                progress.update(STAGE_WRITING, 0, 1);
                long writing = System.nanoTime();
                writer.finish();
                times.since(Stage.WRITE, writing);
                progress.update(STAGE_WRITING, 1, 1);
            }
            LOG.log(System.Logger.Level.INFO, () -> String.format(
                "detect change done mode=%s from=%s to=%s output=%s size=%dx%d tiles=%d ms=%d", mode,
                request.fromRaster(), request.toRaster(), request.output(), grid.rasterWidth(),
                grid.rasterHeight(), grid.size(), (System.nanoTime() - started) / 1_000_000));
            return new ChangeRaster(request.output(), grid.rasterWidth(), grid.rasterHeight(), grid.size(),
                mode, values.legend, values.transitions);
        }
    }

    /**
     * Compares tile rows {@code firstRow} to {@code endRow - 1} of the request's grid: a work unit. The
     * request's output is not written.
     *
     * @return the band's change values ({@value ClassMapWriter#NO_DATA} for nodata), row-major, as wide
     *     as the processing window, for {@link #merge}
     * @throws IllegalArgumentException when the rows are outside the grid, or as {@link #detect}
     * @throws RasterMismatchException as {@link #detect}, and the other exceptions it throws
     */
    public byte[] detectRows(DetectChangeRequest request, int firstRow, int endRow, Progress progress)
            throws RasterMismatchException, RasterIoException, InferenceException, ModelOutputException {
        try (DatePair dates = DatePair.open(request)) {
            TileRows rows = new TileRows(dates.grid, firstRow, endRow);
            byte[] band = new byte[rows.pixels()];
            run(request, dates, rows.firstTile(), rows.tiles(), (tile, core) -> {
                int width = tile.core().width();
                for (int row = 0; row < tile.core().height(); row++) {
                    System.arraycopy(core, row * width, band, rows.offset(tile.core().x(), tile.core().y() + row),
                        width);
                }
            }, progress);
            return band;
        }
    }

    /**
     * Writes the request's output from the bands of {@link #detectRows}, which must cover the grid's
     * tile rows in order, replacing any file there: byte for byte what {@link #detect} writes. Needs no
     * model: the legend follows from {@code classes} and {@code mode}. On failure no output file is
     * left.
     *
     * @throws IllegalArgumentException when the bands do not cover the rows once, in order, or as
     *     {@link #ChangeDetector(InferenceModel, List, ChangeMode)}
     * @throws IOException when a band's file cannot be read or holds another number of values
     */
    public static ChangeRaster merge(DetectChangeRequest request, List<BandFile> bands, List<ModelClass> classes,
                                     ChangeMode mode, StageTimes times)
            throws RasterMismatchException, RasterIoException, IOException {
        ChangeLegend values = ChangeLegend.of(classes, mode);
        try (DatePair dates = DatePair.open(request)) {
            long writing = System.nanoTime();
            ClassMapBands.write(request.output(), dates.grid, dates.transform(), dates.crs(), values.legend, bands);
            times.since(Stage.MERGE, writing);
            return new ChangeRaster(request.output(), dates.grid.rasterWidth(), dates.grid.rasterHeight(),
                dates.grid.size(), mode, values.legend, values.transitions);
        }
    }

    /** Where the tile loop puts each core's change values: the output file, or a work unit's band. */
    @FunctionalInterface
    private interface CoreSink {
        /** {@code core}: the tile's core, row-major, exactly its pixels; reused after the call. */
        void write(Tile tile, byte[] core) throws RasterIoException;
    }

    /** One batch's buffers; {@link TilePipeline#DEPTH} of them circulate. */
    private static final class Batch {
        /** Class transitions: the first date's tiles; two-date model: both dates, per tile. */
        final float[] first;
        /** Class transitions: the second date's tiles; null for a two-date model. */
        final float[] second;
        final boolean[] noData;
        ClassMap firstClasses;
        ClassMap secondClasses;
        long[] outputShape;

        Batch(int firstValues, int secondValues, int pixels) {
            this.first = new float[firstValues];
            this.second = secondValues == 0 ? null : new float[secondValues];
            this.noData = new boolean[pixels];
        }
    }

    /** Compares tiles {@code firstTile} to {@code firstTile + total - 1} of the grid into {@code sink}. */
    private void run(DetectChangeRequest request, DatePair dates, int firstTile, int total, CoreSink sink,
                     Progress progress) throws RasterIoException, InferenceException, ModelOutputException {
        TileGrid grid = dates.grid;
        TileReader from = dates.from;
        TileReader to = dates.to;
        Window window = dates.window;
        int bands = from.bandCount();
        int tileSize = grid.tileSize();
        int plane = tileSize * tileSize;
        int tileValues = bands * plane;
        int batchSize = request.batchSize();
        boolean twoDate = mode == ChangeMode.TWO_DATE_MODEL;
        byte[] core = new byte[grid.stride() * grid.stride()];   // the writer thread's only
        progress.update(STAGE, 0, total);
        List<InferenceModel> lanes = model.lanes();
        TilePipeline.<Batch>run(total, batchSize, lanes.size(),
            () -> twoDate ? new Batch(2 * batchSize * tileValues, 0, batchSize * plane)
                : new Batch(batchSize * tileValues, batchSize * tileValues, batchSize * plane),
            (batch, first, count) -> {
                long reading = System.nanoTime();
                Arrays.fill(batch.noData, false);
                for (int i = 0; i < count; i++) {
                    Tile tile = grid.tile(firstTile + first + i);
                    if (twoDate) {
                        // One tile of 2 x bands channels: the first date's bands, then the second's.
                        from.read(tile, window.x(), window.y(), batch.first, 2 * i * tileValues,
                            batch.noData, i * plane);
                        to.read(tile, window.x(), window.y(), batch.first, (2 * i + 1) * tileValues,
                            batch.noData, i * plane);
                    } else {
                        from.read(tile, window.x(), window.y(), batch.first, i * tileValues,
                            batch.noData, i * plane);
                        to.read(tile, window.x(), window.y(), batch.second, i * tileValues,
                            batch.noData, i * plane);
                    }
                }
                times.since(Stage.READ, reading);
            },
            (batch, first, count, lane) -> {
                InferenceModel copy = lanes.get(lane);
                Tensor out = run(copy, batch.first, count, twoDate ? 2 * bands : bands, tileSize);
                Tensor secondOut = twoDate ? null : run(copy, batch.second, count, bands, tileSize);
                long classifying = System.nanoTime();
                batch.outputShape = out.shape();
                batch.firstClasses = ClassMap.of(out, count, tileSize, grid.padding());
                if (secondOut != null) {
                    batch.secondClasses = ClassMap.of(secondOut, count, tileSize, grid.padding());
                }
                times.since(Stage.POST_PROCESS, classifying);
            },
            (batch, first, count) -> {
                long writing = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    writeCore(grid.tile(firstTile + first + i), i, batch, tileSize, core, sink);
                }
                batch.firstClasses = null;   // the model's output arrays can go
                batch.secondClasses = null;
                times.since(Stage.WRITE, writing);
            },
            progress, STAGE, "change");
    }

    private static Tensor run(InferenceModel model, float[] buffer, int count, int channels, int tileSize)
            throws InferenceException {
        int length = count * channels * tileSize * tileSize;
        // All tiles are the same size, so a short last batch only needs a shorter array.
        float[] input = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        return model.run(new FloatTensor(new long[] {count, channels, tileSize, tileSize}, input));
    }

    private void writeCore(Tile tile, int slot, Batch batch, int tileSize, byte[] core, CoreSink sink)
            throws RasterIoException, ModelOutputException {
        int width = tile.core().width();
        int height = tile.core().height();
        int plane = tileSize * tileSize;
        int n = 0;
        for (int row = 0; row < height; row++) {
            int pixel = (tile.coreOffsetY() + row) * tileSize + tile.coreOffsetX();
            for (int col = 0; col < width; col++, pixel++) {
                int value;
                if (batch.noData[slot * plane + pixel]) {
                    value = ClassMapWriter.NO_DATA;
                } else if (batch.secondClasses == null) {
                    value = batch.firstClasses.classAt(slot, pixel);
                } else {
                    value = values.transition(batch.firstClasses.classAt(slot, pixel),
                        batch.secondClasses.classAt(slot, pixel), batch.outputShape);
                }
                core[n++] = (byte) value;
            }
        }
        sink.write(tile, n == core.length ? core : Arrays.copyOf(core, n));
    }
}
