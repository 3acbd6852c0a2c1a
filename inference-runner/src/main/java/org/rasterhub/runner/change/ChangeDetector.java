package org.rasterhub.runner.change;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.gdal.osr.SpatialReference;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.classify.ClassMap;
import org.rasterhub.runner.classify.ClassValues;
import org.rasterhub.runner.classify.ModelOutputException;
import org.rasterhub.runner.classify.TilePipeline;
import org.rasterhub.runner.classify.TileReader;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.engine.Tensor;
import org.rasterhub.runner.raster.ClassMapWriter;
import org.rasterhub.runner.raster.Crs;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.StageTimes.Stage;
import org.rasterhub.runner.tiling.Tile;
import org.rasterhub.runner.tiling.TileGrid;
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
 * <p>Memory is bounded by {@link TilePipeline#DEPTH} batches of both dates' tiles. Thread-safe: each
 * {@link #detect} call opens its own GDAL datasets.
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
    private static final double GRID_TOLERANCE = 1e-9;

    private final InferenceModel model;
    private final ChangeMode mode;
    private final StageTimes times;
    private final List<ModelClass> legend;
    private final List<Transition> transitions;
    /** Transition value by {@code from * 256 + to} class value; -1 where a value is no class. */
    private final short[] transitionOf;

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
        this.times = times;
        ClassValues.requireFitByteRaster(classes);
        boolean[] seen = new boolean[ClassMapWriter.MAX_CLASS_VALUE + 1];
        for (ModelClass c : classes) {
            if (seen[c.value()]) {
                throw new IllegalArgumentException("class value " + c.value() + " is used twice in "
                    + "Classes (\"" + c.name() + "\")");
            }
            seen[c.value()] = true;
        }
        this.model = model;
        this.mode = mode;
        this.transitionOf = new short[256 * 256];
        Arrays.fill(transitionOf, (short) -1);
        if (mode == ChangeMode.TWO_DATE_MODEL) {
            this.transitions = List.of();
            this.legend = List.copyOf(classes);
            return;
        }
        if (classes.size() < 2 || classes.size() > MAX_TRANSITION_CLASSES) {
            throw new IllegalArgumentException("class transitions need 2 to " + MAX_TRANSITION_CLASSES
                + " classes, found " + classes.size() + ": " + classes.size() + " x "
                + Math.max(0, classes.size() - 1) + " transitions must fit the values 1-"
                + ClassMapWriter.MAX_CLASS_VALUE + " of a Byte raster (0 is no change, "
                + ClassMapWriter.NO_DATA + " nodata)");
        }
        List<ModelClass> sorted = new ArrayList<>(classes);
        sorted.sort(Comparator.comparingInt(ModelClass::value));
        List<Transition> all = new ArrayList<>();
        List<ModelClass> names = new ArrayList<>(List.of(NO_CHANGE_CLASS));
        for (ModelClass from : sorted) {
            transitionOf[from.value() * 256 + from.value()] = NO_CHANGE;
            for (ModelClass to : sorted) {
                if (from.value() != to.value()) {
                    Transition t = new Transition(all.size() + 1, from, to);
                    all.add(t);
                    names.add(t.asClass());
                    transitionOf[from.value() * 256 + to.value()] = (short) t.value();
                }
            }
        }
        this.transitions = List.copyOf(all);
        this.legend = List.copyOf(names);
    }

    /** The values the output holds besides nodata, with names and colours (see {@link ChangeRaster}). */
    public List<ModelClass> legend() {
        return legend;
    }

    /** The class transitions and their values; empty for {@link ChangeMode#TWO_DATE_MODEL}. */
    public List<Transition> transitions() {
        return transitions;
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
        int[] bands = request.bandArray();
        try (TileReader from = TileReader.open(request.fromRaster(), bands, request.scaling());
             TileReader to = TileReader.open(request.toRaster(), bands, request.scaling())) {
            checkSameGrid(request, from, to);
            Window window = request.processingWindow()
                .orElse(new Window(0, 0, from.width(), from.height()));
            from.checkInside(request.fromRaster(), window);
            TileGrid grid = new TileGrid(window.width(), window.height(), request.tileSize(),
                request.padding());
            try (ClassMapWriter writer = ClassMapWriter.create(request.output(), window.width(),
                    window.height(), from.transform().shiftedBy(window.x(), window.y()), from.crs(),
                    legend, grid.alignedBlockSize())) {
                run(request, grid, window, from, to, writer, progress);
                progress.update(STAGE_WRITING, 0, 1);
                long writing = System.nanoTime();
                writer.finish();
                times.since(Stage.WRITE, writing);
                progress.update(STAGE_WRITING, 1, 1);
            }
            LOG.log(System.Logger.Level.INFO, () -> String.format(
                "detect change done mode=%s from=%s to=%s output=%s size=%dx%d tiles=%d ms=%d", mode,
                request.fromRaster(), request.toRaster(), request.output(), window.width(),
                window.height(), grid.size(), (System.nanoTime() - started) / 1_000_000));
            return new ChangeRaster(request.output(), window.width(), window.height(), grid.size(),
                mode, legend, transitions);
        }
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

    private void run(DetectChangeRequest request, TileGrid grid, Window window, TileReader from,
                     TileReader to, ClassMapWriter writer, Progress progress)
            throws RasterIoException, InferenceException, ModelOutputException {
        int bands = from.bandCount();
        int tileSize = grid.tileSize();
        int plane = tileSize * tileSize;
        int tileValues = bands * plane;
        int batchSize = request.batchSize();
        int total = grid.size();
        boolean twoDate = mode == ChangeMode.TWO_DATE_MODEL;
        byte[] core = new byte[grid.stride() * grid.stride()];   // the writer thread's only
        progress.update(STAGE, 0, total);
        TilePipeline.<Batch>run(total, batchSize,
            () -> twoDate ? new Batch(2 * batchSize * tileValues, 0, batchSize * plane)
                : new Batch(batchSize * tileValues, batchSize * tileValues, batchSize * plane),
            (batch, first, count) -> {
                long reading = System.nanoTime();
                Arrays.fill(batch.noData, false);
                for (int i = 0; i < count; i++) {
                    Tile tile = grid.tile(first + i);
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
            (batch, first, count) -> {
                Tensor out = run(batch.first, count, twoDate ? 2 * bands : bands, tileSize);
                Tensor secondOut = twoDate ? null : run(batch.second, count, bands, tileSize);
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
                    writeCore(grid.tile(first + i), i, batch, tileSize, core, writer);
                }
                batch.firstClasses = null;   // the model's output arrays can go
                batch.secondClasses = null;
                times.since(Stage.WRITE, writing);
            },
            progress, STAGE, "change");
    }

    private Tensor run(float[] buffer, int count, int channels, int tileSize) throws InferenceException {
        int values = count * channels * tileSize * tileSize;
        // All tiles are the same size, so a short last batch only needs a shorter array.
        float[] input = values == buffer.length ? buffer : Arrays.copyOf(buffer, values);
        return model.run(new FloatTensor(new long[] {count, channels, tileSize, tileSize}, input));
    }

    private void writeCore(Tile tile, int slot, Batch batch, int tileSize, byte[] core,
                           ClassMapWriter writer) throws RasterIoException, ModelOutputException {
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
                    value = transition(batch.firstClasses.classAt(slot, pixel),
                        batch.secondClasses.classAt(slot, pixel), batch.outputShape);
                }
                core[n++] = (byte) value;
            }
        }
        writer.write(tile.core().x(), tile.core().y(), width, height,
            n == core.length ? core : Arrays.copyOf(core, n));
    }

    private int transition(int fromClass, int toClass, long[] shape) throws ModelOutputException {
        int value = transitionOf[fromClass * 256 + toClass];
        if (value < 0) {
            int unknown = transitionOf[fromClass * 256 + fromClass] < 0 ? fromClass : toClass;
            throw new ModelOutputException(shape, "class " + unknown + " is none of the .emd's"
                + " Classes " + legendValues() + ", so its transitions have no value");
        }
        return value;
    }

    private String legendValues() {
        List<Integer> values = new ArrayList<>();
        for (Transition t : transitions) {
            if (!values.contains(t.from().value())) {
                values.add(t.from().value());
            }
        }
        return values.toString();
    }

    private static void checkSameGrid(DetectChangeRequest request, TileReader from, TileReader to)
            throws RasterMismatchException {
        List<String> differences = new ArrayList<>();
        if (from.width() != to.width() || from.height() != to.height()) {
            differences.add("size " + from.width() + " x " + from.height() + " vs " + to.width()
                + " x " + to.height() + " pixels");
        }
        double[] a = from.transform().toGdal();
        double[] b = to.transform().toGdal();
        double scale = Math.max(Math.abs(a[1]), Math.abs(a[5]));
        for (int i = 0; i < 6; i++) {
            // Relative to the pixel size: the same grid written by two tools may differ in the
            // last decimal of its origin.
            if (Math.abs(a[i] - b[i]) > GRID_TOLERANCE * Math.max(scale, Math.abs(a[i]))) {
                differences.add("geotransform " + Arrays.toString(a) + " vs " + Arrays.toString(b));
                break;
            }
        }
        if (!sameCrs(from.crs(), to.crs())) {
            differences.add("CRS " + describe(from.crs()) + " vs " + describe(to.crs()));
        }
        if (!differences.isEmpty()) {
            throw new RasterMismatchException(request.fromRaster(), request.toRaster(), differences);
        }
    }

    private static boolean sameCrs(Crs a, Crs b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        if (a.wkt().equals(b.wkt())) {
            return true;
        }
        SpatialReference first = new SpatialReference(a.wkt());
        SpatialReference second = new SpatialReference(b.wkt());
        try {
            return first.IsSame(second) == 1;
        } finally {
            first.delete();
            second.delete();
        }
    }

    private static String describe(Crs crs) {
        if (crs.isEmpty()) {
            return "none";
        }
        if (crs.epsg().isPresent()) {
            return "EPSG:" + crs.epsg().getAsInt();
        }
        String wkt = crs.wkt();
        return "\"" + (wkt.length() > 80 ? wkt.substring(0, 77) + "..." : wkt) + "\"";
    }
}
