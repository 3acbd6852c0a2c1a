package org.rasterhub.runner.classify;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.raster.ClassMapWriter;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.StageTimes.Stage;
import org.rasterhub.runner.tiling.TileGrid;
import org.rasterhub.runner.tiling.TileRows;
import org.rasterhub.runner.tiling.Window;

/**
 * Classify Pixels: runs a pixel classification model over a raster tile by tile and writes a
 * single-band Byte Cloud Optimized GeoTIFF of class values with the classes' colours, the input's CRS
 * and geotransform, and {@value ClassMapWriter#NO_DATA} where every extracted input band is nodata.
 *
 * <p>The model gets float32 {@code [N, bands, tile, tile]} (the extracted bands, optionally scaled
 * by the request's {@link InputScaling}) and must answer per pixel with either an int64 (or int32) class
 * map {@code [N, tile, tile]} or {@code [N, 1, tile, tile]}, written as is, or float scores {@code
 * [N, classes, tile, tile]}, of which the highest wins (ties: the lowest index). Either way the
 * value written is the model's class index, which must equal the {@code Value} of the {@code .emd}
 * class it stands for.
 *
 * <p>A request for a {@link PixelProduct.Probabilities} or {@link PixelProduct.Values} raster writes
 * Float32 bands of the model's probabilities or values instead, NaN where the input is nodata.
 *
 * <p>Memory is bounded by {@link TilePipeline#DEPTH} batches of tiles, whatever the raster size.
 * Thread-safe: each {@link #classify} call opens its own GDAL datasets, and the model accepts
 * concurrent runs.
 */
public final class PixelClassifier {
    /** The {@link Progress} stage name while tiles are classified; units are tiles. */
    public static final String STAGE = "classifying pixels";
    /** The {@link Progress} stage name while the Cloud Optimized GeoTIFF is written. */
    public static final String STAGE_WRITING = "writing the classified raster";

    private static final System.Logger LOG = System.getLogger(PixelClassifier.class.getName());

    private final InferenceModel model;
    private final List<ModelClass> classes;
    private final StageTimes times;

    /**
     * @param classes the model's {@code Classes}, for the output's colour table and class names; may
     *     be empty (no colour table then)
     * @throws IllegalArgumentException when a class value does not fit a Byte raster beside nodata
     */
    public PixelClassifier(InferenceModel model, List<ModelClass> classes) {
        this(model, classes, new StageTimes());
    }

    /** As {@link #PixelClassifier(InferenceModel, List)}, timing reading, post-processing and writing. */
    public PixelClassifier(InferenceModel model, List<ModelClass> classes, StageTimes times) {
        if (model == null || classes == null || times == null) {
            throw new IllegalArgumentException("model, classes and times are required");
        }
        ClassValues.requireFitByteRaster(classes);
        this.model = model;
        this.classes = List.copyOf(classes);
        this.times = times;
    }

    /**
     * Classifies the request's input raster (or its processing window) and writes the result to its
     * output file, replacing any file there. On failure no output file is left.
     *
     * <p>Reading, the model and writing overlap ({@link TilePipeline}): a reader thread prepares the
     * next batch and a writer thread writes the previous one while the model runs on this thread.
     * {@code progress} is told on this thread, once per written batch.
     *
     * @throws RasterIoException when the input cannot be read (missing, not a raster, truncated, a
     *     band in {@code ExtractBands} it lacks) or the output cannot be written
     * @throws InferenceException when the model rejects a batch, for example a band count it was not
     *     trained on or a batch size above a fixed batch dimension
     * @throws ModelOutputException when the model's output is no per-pixel class map or scores of
     *     the tile's size, or holds a class value outside 0-{@value ClassMapWriter#MAX_CLASS_VALUE}
     * @throws IllegalArgumentException when the processing window reaches outside the raster
     */
    public ClassifiedRaster classify(ClassifyPixelsRequest request, Progress progress)
            throws RasterIoException, InferenceException, ModelOutputException {
        long started = System.nanoTime();
        try (TileReader reader = TileReader.open(request.input(), request.bandArray(),
                request.scaling())) {
            Window window = window(request, reader);
            ResultRaster.Frame frame = frame(request, reader, classes);
            TileGrid grid = frame.grid();
            try (ResultRaster result = ResultRaster.create(frame, request.product())) {
                run(request, grid, window, reader, result, progress, 0, grid.size());
                progress.update(STAGE_WRITING, 0, 1);
                long writing = System.nanoTime();
                result.finish();
                times.since(Stage.WRITE, writing);
                progress.update(STAGE_WRITING, 1, 1);
            }
            LOG.log(System.Logger.Level.INFO, () -> String.format(
                "classify pixels done input=%s output=%s window=%d,%d,%dx%d tiles=%d batch=%d ms=%d",
                request.input(), request.output(), window.x(), window.y(), window.width(),
                window.height(), grid.size(), request.batchSize(),
                (System.nanoTime() - started) / 1_000_000));
            return new ClassifiedRaster(request.output(), grid.rasterWidth(), grid.rasterHeight(),
                grid.size());
        }
    }

    /**
     * Classifies tile rows {@code firstRow} to {@code endRow - 1} of the request's grid into the result
     * {@code band} makes for them, which holds what a work unit stores; the request's output is not
     * written.
     *
     * @throws IllegalArgumentException when the rows are outside the grid, or as {@link #classify}
     */
    <R extends ResultRaster> R classifyRows(ClassifyPixelsRequest request, int firstRow, int endRow,
                                            BiFunction<ResultRaster.Frame, TileRows, R> band, Progress progress)
            throws RasterIoException, InferenceException, ModelOutputException {
        try (TileReader reader = TileReader.open(request.input(), request.bandArray(), request.scaling())) {
            ResultRaster.Frame frame = frame(request, reader, classes);
            TileRows rows = new TileRows(frame.grid(), firstRow, endRow);
            R result = band.apply(frame, rows);
            run(request, frame.grid(), window(request, reader), reader, result, progress, rows.firstTile(),
                rows.tiles());
            return result;
        }
    }

    /**
     * The output of {@code request} as a whole run writes it: the processing window's size, place and
     * tile grid.
     *
     * @throws IllegalArgumentException when the processing window reaches outside the raster
     */
    static ResultRaster.Frame frame(ClassifyPixelsRequest request, TileReader reader, List<ModelClass> classes) {
        Window window = window(request, reader);
        TileGrid grid = new TileGrid(window.width(), window.height(), request.tileSize(), request.padding());
        return new ResultRaster.Frame(request.output(), window.width(), window.height(),
            reader.transform().shiftedBy(window.x(), window.y()), reader.crs(), grid, request.reading(), classes);
    }

    private static Window window(ClassifyPixelsRequest request, TileReader reader) {
        Window window = request.processingWindow().orElse(new Window(0, 0, reader.width(), reader.height()));
        reader.checkInside(request.input(), window);
        return window;
    }

    /** Classifies tiles {@code firstTile} to {@code firstTile + total - 1} of the grid into {@code result}. */
    void run(ClassifyPixelsRequest request, TileGrid grid, Window window, TileReader reader,
             ResultRaster result, Progress progress, int firstTile, int total)
            throws RasterIoException, InferenceException, ModelOutputException {
        int bands = reader.bandCount();
        int tileSize = grid.tileSize();
        int plane = tileSize * tileSize;
        int tileValues = bands * plane;
        int batchSize = request.batchSize();
        progress.update(STAGE, 0, total);
        List<InferenceModel> lanes = model.lanes();
        TilePipeline.<ResultRaster.Batch>run(total, batchSize, lanes.size(),
            () -> new ResultRaster.Batch(batchSize * tileValues, batchSize * plane),
            (batch, first, count) -> {
                long reading = System.nanoTime();
                Arrays.fill(batch.noData, false);
                for (int i = 0; i < count; i++) {
                    reader.read(grid.tile(firstTile + first + i), window.x(), window.y(), batch.values,
                        i * tileValues, batch.noData, i * plane);
                }
                times.since(Stage.READ, reading);
            },
            (batch, first, count, lane) -> {
                // All tiles are the same size, so a short last batch only needs a shorter array.
                float[] values = count == batchSize ? batch.values
                    : Arrays.copyOf(batch.values, count * tileValues);
                var outputs = lanes.get(lane).runAll(new FloatTensor(new long[] {count, bands, tileSize, tileSize}, values));
                long reading = System.nanoTime();
                result.read(batch, outputs, count);
                times.since(Stage.POST_PROCESS, reading);
            },
            (batch, first, count) -> {
                long writing = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    result.writeCore(grid.tile(firstTile + first + i), i, batch, reader.marksNoData());
                }
                batch.classes = null;   // the model's output array can go
                batch.measures = null;
                times.since(Stage.WRITE, writing);
            },
            progress, STAGE, "classify");
    }
}
