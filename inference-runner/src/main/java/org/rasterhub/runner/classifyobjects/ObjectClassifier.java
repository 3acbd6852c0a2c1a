package org.rasterhub.runner.classifyobjects;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;

import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.classify.ClassValues;
import org.rasterhub.runner.classify.InputScaling;
import org.rasterhub.runner.classify.ModelOutputException;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.engine.Tensor;
import org.rasterhub.runner.raster.BandWindowReader;
import org.rasterhub.runner.raster.Crs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.StageTimes.Stage;
import org.rasterhub.runner.tiling.Window;
import org.rasterhub.runner.vector.Envelope;
import org.rasterhub.runner.vector.FeatureIoException;
import org.rasterhub.runner.vector.FeatureLayer;
import org.rasterhub.runner.vector.FeatureLayerReader;
import org.rasterhub.runner.vector.VectorFeature;

/**
 * Classify Objects: gives each feature of a layer the class an image classification model assigns
 * to the raster under the feature's bounding box, and writes the features, geometry and original
 * attributes kept, with fields {@value #FIELD_CLASS}, {@value #FIELD_CLASS_VALUE}, {@value
 * #FIELD_CONFIDENCE} and {@value #FIELD_REASON} added, to a GeoPackage (raster CRS) and an RFC 7946
 * GeoJSON ({@link ClassifiedObjectsWriter}). Input fields of those names are replaced. A run in work
 * units {@link #label}s ranges of features and writes all their labels once.
 *
 * <p>Each feature's envelope, reprojected into the raster's CRS, is turned into a pixel window and
 * padded to a square around its centre, so the chip keeps the feature's aspect ratio (a long thin
 * feature is not stretched to fill the chip); the square's pixels inside the raster are read at full
 * resolution and resampled in Java to {@code chipSize} x {@code chipSize} by nearest neighbour (the
 * pixel under each chip pixel's centre), and chip pixels beyond the raster's edge are 0, never
 * mirrored. With a processing extent, features whose envelope does not meet it are kept,
 * unclassified, with reason {@value #OUTSIDE_EXTENT}. The model gets float32 {@code [N,
 * bands, chip, chip]} and must answer float {@code [N, classes]}: probabilities when every row is in
 * 0-1 and sums to 1 (within 0.001), otherwise scores that are softmaxed here. The class is the arg
 * max index, which must equal the {@code .emd} class {@code Value}; the confidence is its probability.
 *
 * <p>Features wholly outside the raster are kept, unclassified, with reason {@value #OUTSIDE_RASTER};
 * features whose confidence is below the threshold are kept, unclassified, with their confidence
 * and a reason that quotes it. Memory: the features (at most {@link FeatureLayerReader#MAX_FEATURES})
 * plus one batch of chips plus one feature window of at most {@value #MAX_WINDOW_PIXELS} pixels.
 * Thread-safe: each call opens its own datasets.
 */
public final class ObjectClassifier {
    /** The {@link Progress} stage name while chips are classified; units are features. */
    public static final String STAGE = "classifying objects";
    /** The {@link Progress} stage name while the features are written; units are files. */
    public static final String STAGE_WRITING = "writing the classified objects";
    /** Largest feature window read for one chip, in raster pixels. */
    public static final int MAX_WINDOW_PIXELS = 4096 * 4096;
    public static final String FIELD_CLASS = "Class";
    public static final String FIELD_CLASS_VALUE = "ClassValue";
    public static final String FIELD_CONFIDENCE = "Confidence";
    public static final String FIELD_REASON = "Reason";
    /** The reason given to a feature that does not overlap the raster. */
    public static final String OUTSIDE_RASTER = "outside the raster";
    /** The reason given to a feature that does not meet the run's processing extent. */
    public static final String OUTSIDE_EXTENT = "outside the processing extent";

    private static final int TO_THE_END = -1;
    private static final double PROBABILITY_TOLERANCE = 1e-3;
    private static final System.Logger LOG = System.getLogger(ObjectClassifier.class.getName());

    private final InferenceModel model;
    private final Map<Integer, String> classNames;
    private final StageTimes times;

    /**
     * @param classes the model's {@code Classes}; the model's output index must be one of their
     *     values. When empty, any index is accepted and named by its number
     */
    public ObjectClassifier(InferenceModel model, List<ModelClass> classes) {
        this(model, classes, new StageTimes());
    }

    /** As {@link #ObjectClassifier(InferenceModel, List)}, timing reading, post-processing and writing. */
    public ObjectClassifier(InferenceModel model, List<ModelClass> classes, StageTimes times) {
        if (model == null || classes == null || times == null) {
            throw new IllegalArgumentException("model, classes and times are required");
        }
        this.times = times;
        this.classNames = ClassValues.namesByValue(classes);
        this.model = model;
    }

    /**
     * Classifies every feature of the request's feature file and writes the result, replacing files
     * at the outputs. On failure no output file is left.
     *
     * @throws FeatureIoException when the feature file is no vector file, has no layer, no
     *     features, a feature without geometry or too many features, or an output cannot be written
     * @throws RasterIoException when the raster cannot be read or lacks a band of {@code
     *     ExtractBands}
     * @throws InferenceException when the model rejects a batch
     * @throws ModelOutputException when the output is not float {@code [N, classes >= 2]} or its
     *     arg max is no {@code .emd} class value
     * @throws IllegalArgumentException when a feature covers more than {@value #MAX_WINDOW_PIXELS}
     *     raster pixels (checked before the model runs)
     */
    public ClassifiedObjects classify(ClassifyObjectsRequest request, Progress progress)
            throws FeatureIoException, RasterIoException, InferenceException, ModelOutputException {
        long started = System.nanoTime();
        Labelled labelled = labelled(request, 0, TO_THE_END, progress);
        ClassifiedObjects result = ClassifiedObjectsWriter.write(request, labelled.layer(), labelled.crs(),
            labelled.labels(), times, progress);
        LOG.log(System.Logger.Level.INFO, () -> String.format(
            "classify objects done raster=%s features=%s count=%d ms=%d", request.raster(),
            request.features(), result.labels().size(), (System.nanoTime() - started) / 1_000_000));
        return result;
    }

    /**
     * Labels features {@code first} to {@code end - 1} of the request's feature file, in file order,
     * and writes nothing: one work unit of a run. The labels of all features, in order, are what
     * {@link ClassifiedObjectsWriter#write} writes. Memory: the features plus this range's labels;
     * progress counts this range's features.
     *
     * @throws IllegalArgumentException when the range is empty or reaches past the file's features,
     *     or a feature in it covers more than {@value #MAX_WINDOW_PIXELS} raster pixels
     * @throws FeatureIoException when the feature file cannot be read, as for {@link #classify}
     * @throws RasterIoException when the raster cannot be read, as for {@link #classify}
     * @throws InferenceException when the model rejects a batch
     * @throws ModelOutputException when the output breaks the contract, as for {@link #classify}
     */
    public List<ObjectLabel> label(ClassifyObjectsRequest request, int first, int end, Progress progress)
            throws FeatureIoException, RasterIoException, InferenceException, ModelOutputException {
        if (first < 0 || end <= first) {
            throw new IllegalArgumentException("features from position " + first + " to before " + end
                + " are no range of features");
        }
        return labelled(request, first, end, progress).labels();
    }

    // Features first to end - 1 labelled (TO_THE_END: to the last one), with what writing them needs.
    private Labelled labelled(ClassifyObjectsRequest request, int first, int end, Progress progress)
            throws FeatureIoException, RasterIoException, InferenceException, ModelOutputException {
        try (BandWindowReader reader = BandWindowReader.open(request.raster(), request.bandArray())) {
            long reading = System.nanoTime();
            FeatureLayer layer = FeatureLayerReader.read(request.features(), reader.crs());
            int count = layer.features().size();
            int last = end == TO_THE_END ? count : end;
            if (last > count) {
                throw new IllegalArgumentException("features from position " + first + " to before " + end
                    + " reach past the " + count + " features of " + request.features());
            }
            List<VectorFeature> features = layer.features().subList(first, last);
            List<Placement> windows = windows(features, reader, request.extent());
            times.since(Stage.READ, reading);
            return new Labelled(layer, reader.crs(), new Run(request, reader, features, windows, progress).labels());
        }
    }

    private record Labelled(FeatureLayer layer, Crs crs, List<ObjectLabel> labels) {
    }

    /**
     * Where a feature's chip comes from: a square in raster pixel coordinates ({@code x}, {@code y},
     * {@code side}; it may reach past the raster) and the part of it inside the raster that is read;
     * or, for a feature that gets no chip, the reason.
     */
    private record Placement(double x, double y, double side, Window read, String skipped) {
        static Placement skipped(String reason) {
            return new Placement(0, 0, 0, null, reason);
        }
    }

    /** Each feature's square and the window of it read from the raster, or why it gets none. */
    private static List<Placement> windows(List<VectorFeature> features, BandWindowReader reader,
                                           Optional<List<Double>> extent) {
        GeoTransform t = reader.transform();
        double det = t.pixelWidth() * t.pixelHeight() - t.rowRotation() * t.columnRotation();
        List<Placement> windows = new ArrayList<>();
        for (VectorFeature f : features) {
            Envelope e = f.envelope();
            if (extent.isPresent() && (e.maxX() < extent.get().get(0) || e.minX() > extent.get().get(2)
                    || e.maxY() < extent.get().get(1) || e.minY() > extent.get().get(3))) {
                windows.add(Placement.skipped(OUTSIDE_EXTENT));
                continue;
            }
            double minCol = Double.POSITIVE_INFINITY;
            double minRow = Double.POSITIVE_INFINITY;
            double maxCol = Double.NEGATIVE_INFINITY;
            double maxRow = Double.NEGATIVE_INFINITY;
            for (double[] corner : new double[][] {{e.minX(), e.minY()}, {e.maxX(), e.minY()},
                    {e.maxX(), e.maxY()}, {e.minX(), e.maxY()}}) {
                double dx = corner[0] - t.originX();
                double dy = corner[1] - t.originY();
                double col = (t.pixelHeight() * dx - t.rowRotation() * dy) / det;
                double row = (-t.columnRotation() * dx + t.pixelWidth() * dy) / det;
                minCol = Math.min(minCol, col);
                maxCol = Math.max(maxCol, col);
                minRow = Math.min(minRow, row);
                maxRow = Math.max(maxRow, row);
            }
            // Whole pixels; a point or line still covers the one pixel it touches.
            double x0 = Math.floor(minCol);
            double y0 = Math.floor(minRow);
            double width = Math.max(Math.ceil(maxCol), x0 + 1) - x0;
            double height = Math.max(Math.ceil(maxRow), y0 + 1) - y0;
            double side = Math.max(width, height);
            double sx = x0 - (side - width) / 2;
            double sy = y0 - (side - height) / 2;
            long rx0 = Math.max(0, (long) Math.floor(sx));
            long ry0 = Math.max(0, (long) Math.floor(sy));
            long rx1 = Math.min(reader.width(), (long) Math.ceil(sx + side));
            long ry1 = Math.min(reader.height(), (long) Math.ceil(sy + side));
            // The feature itself, not its padding, decides whether it lies on the raster.
            if (x0 + width <= 0 || y0 + height <= 0 || x0 >= reader.width() || y0 >= reader.height()
                    || rx1 <= rx0 || ry1 <= ry0) {
                windows.add(Placement.skipped(OUTSIDE_RASTER));
                continue;
            }
            if ((rx1 - rx0) * (ry1 - ry0) > MAX_WINDOW_PIXELS) {
                throw new IllegalArgumentException("feature " + f.fid() + " covers " + (long) width
                    + " x " + (long) height + " raster pixels; at most " + MAX_WINDOW_PIXELS
                    + " are read for one chip; nothing was written");
            }
            windows.add(new Placement(sx, sy, side,
                new Window((int) rx0, (int) ry0, (int) (rx1 - rx0), (int) (ry1 - ry0)), null));
        }
        return windows;
    }

    /** One classification's buffers, reused for every batch. */
    private final class Run {
        private final ClassifyObjectsRequest request;
        private final BandWindowReader reader;
        private final List<VectorFeature> features;
        private final List<Placement> windows;
        private final Progress progress;
        private final int bands;
        private final int chip;
        private final int chipValues;
        private final float[] batch;
        private final int[] slots;
        private final InputScaling.BandTransform scaling;
        private float[] window = new float[0];

        Run(ClassifyObjectsRequest request, BandWindowReader reader, List<VectorFeature> features,
            List<Placement> windows, Progress progress) {
            this.request = request;
            this.reader = reader;
            this.features = features;
            this.windows = windows;
            this.progress = progress;
            this.bands = reader.bandCount();
            this.chip = request.chipSize();
            this.chipValues = bands * chip * chip;
            this.batch = new float[request.batchSize() * chipValues];
            this.slots = new int[request.batchSize()];
            this.scaling = request.scaling().forBands(reader.pixelTypes());
        }

        List<ObjectLabel> labels() throws RasterIoException, InferenceException, ModelOutputException {
            int total = windows.size();
            ObjectLabel[] labels = new ObjectLabel[total];
            progress.update(STAGE, 0, total);
            int filled = 0;
            for (int i = 0; i < total; i++) {
                Placement w = windows.get(i);
                if (w.skipped() != null) {
                    labels[i] = new ObjectLabel(features.get(i).fid(), OptionalInt.empty(),
                        Optional.empty(), OptionalDouble.empty(), Optional.of(w.skipped()));
                } else {
                    long reading = System.nanoTime();
                    readChip(w, filled);
                    times.since(Stage.READ, reading);
                    slots[filled++] = i;
                }
                if (filled == request.batchSize() || i == total - 1 && filled > 0) {
                    runBatch(filled, labels);
                    filled = 0;
                }
                if (filled == 0 || i == total - 1) {
                    progress.update(STAGE, i + 1, total);
                }
            }
            return Arrays.asList(labels);
        }

        private void readChip(Placement p, int slot) throws RasterIoException {
            Window w = p.read();
            int plane = w.width() * w.height();
            if (window.length < plane * bands) {
                window = new float[plane * bands];
            }
            reader.read(w.x(), w.y(), w.width(), w.height(), window, 0);
            int out = slot * chipValues;
            double step = p.side() / chip;   // the same on both axes: the aspect ratio is kept
            for (int b = 0; b < bands; b++) {
                for (int row = 0; row < chip; row++) {
                    int srcRow = (int) Math.floor(p.y() + (row + 0.5) * step) - w.y();
                    for (int col = 0; col < chip; col++) {
                        int srcCol = (int) Math.floor(p.x() + (col + 0.5) * step) - w.x();
                        boolean inside = srcRow >= 0 && srcRow < w.height() && srcCol >= 0 && srcCol < w.width();
                        batch[out++] = inside ? window[b * plane + srcRow * w.width() + srcCol] : 0f;
                    }
                }
            }
            scaling.apply(batch, slot * chipValues, chip * chip);
        }

        private void runBatch(int count, ObjectLabel[] labels) throws InferenceException,
                ModelOutputException {
            float[] values = count == request.batchSize() ? batch : Arrays.copyOf(batch, count * chipValues);
            Tensor output = model.run(new FloatTensor(new long[] {count, bands, chip, chip}, values));
            long labelling = System.nanoTime();
            label(output, count, labels);
            times.since(Stage.POST_PROCESS, labelling);
        }

        private void label(Tensor output, int count, ObjectLabel[] labels) throws ModelOutputException {
            long[] shape = output.shape();
            if (!(output instanceof FloatTensor scores) || shape.length != 2 || shape[0] != count
                    || shape[1] < 2) {
                throw new ModelOutputException(shape, (output instanceof FloatTensor ? "float" : "int64")
                    + " output of unsupported shape; expected float [" + count + ", classes >= 2]"
                    + " probabilities or scores per chip");
            }
            int classes = (int) shape[1];
            float[] row = new float[classes];
            for (int s = 0; s < count; s++) {
                System.arraycopy(scores.values(), s * classes, row, 0, classes);
                double[] p = probabilities(row, shape);
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (p[c] > p[best]) {   // strict: ties keep the lowest index, like ArgMax
                        best = c;
                    }
                }
                if (!classNames.isEmpty() && !classNames.containsKey(best)) {
                    throw new ModelOutputException(shape, "class index " + best
                        + " is not one of the .emd class values " + new TreeMap<>(classNames).keySet());
                }
                long fid = features.get(slots[s]).fid();
                OptionalDouble confidence = OptionalDouble.of(p[best]);
                labels[slots[s]] = p[best] < request.scoreThreshold()
                    ? new ObjectLabel(fid, OptionalInt.empty(), Optional.empty(), confidence,
                        Optional.of(String.format(Locale.ROOT, "confidence %.3f below threshold %.3f",
                            p[best], request.scoreThreshold())))
                    : new ObjectLabel(fid, OptionalInt.of(best),
                        Optional.of(classNames.getOrDefault(best, Integer.toString(best))), confidence,
                        Optional.empty());
            }
        }
    }

    /** The row as probabilities: as is when it already is a distribution, else softmaxed. */
    static double[] probabilities(float[] row, long[] shape) throws ModelOutputException {
        double sum = 0;
        boolean unit = true;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : row) {
            if (!Float.isFinite(v)) {
                throw new ModelOutputException(shape, "score " + v + " is not finite; expected float"
                    + " [N, classes] probabilities or scores");
            }
            unit &= v >= 0 && v <= 1;
            sum += v;
            max = Math.max(max, v);
        }
        double[] p = new double[row.length];
        if (unit && Math.abs(sum - 1) <= PROBABILITY_TOLERANCE) {
            for (int i = 0; i < row.length; i++) {
                p[i] = row[i];
            }
            return p;
        }
        double total = 0;
        for (int i = 0; i < row.length; i++) {
            p[i] = Math.exp(row[i] - max);   // shifted by the max: no overflow
            total += p[i];
        }
        for (int i = 0; i < row.length; i++) {
            p[i] /= total;
        }
        return p;
    }
}
