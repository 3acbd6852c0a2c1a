package org.rasterhub.runner.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.classify.ClassValues;
import org.rasterhub.runner.classify.ModelOutputException;
import org.rasterhub.runner.classify.InputScaling;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.raster.BandWindowReader;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.StageTimes.Stage;
import org.rasterhub.runner.tiling.Tile;
import org.rasterhub.runner.tiling.TileGrid;
import org.rasterhub.runner.tiling.Window;
import org.rasterhub.runner.vector.FeatureIoException;
import org.rasterhub.runner.vector.FeatureLayerWriter;
import org.rasterhub.runner.vector.Field;
import org.rasterhub.runner.vector.FieldType;
import org.rasterhub.runner.vector.VectorFeature;

/**
 * Detect Objects: runs an object detection model over a raster tile by tile and writes one
 * rectangle per object with fields {@value #FIELD_CLASS} (class name), {@value #FIELD_CLASS_VALUE}
 * ({@code .emd} Value) and {@value #FIELD_CONFIDENCE} (0-1) to a GeoPackage in the raster's CRS and
 * an RFC 7946 GeoJSON.
 *
 * <p>Per tile, detections scoring below the threshold are dropped, then (by default) those whose
 * box centre lies in the tile's padding: the tile whose core holds the centre sees the object with
 * more context, so an object on a seam between tiles is reported by exactly one. Boxes are clipped
 * to the raster; non-maximum suppression runs per class within each tile and then over all tiles,
 * which removes the remaining duplicates where tiles overlap. The tensor contract is in {@code
 * docs/models.md}, section "Detect Objects".
 *
 * <p>Memory is bounded by one batch of tiles plus the detections kept (at most {@value
 * #MAX_DETECTIONS}). Thread-safe: each {@link #detect} call opens its own GDAL datasets, and the
 * model accepts concurrent runs.
 */
public final class ObjectDetector {
    /** The {@link Progress} stage name while tiles are run through the model; units are tiles. */
    public static final String STAGE = "detecting objects";
    /** The {@link Progress} stage name while the objects are written; units are files. */
    public static final String STAGE_WRITING = "writing the detected objects";
    /** Most detections kept before the final suppression; more means a threshold set too low. */
    public static final int MAX_DETECTIONS = 1_000_000;
    /** Layer name in both outputs. */
    public static final String LAYER = "detected_objects";
    public static final String FIELD_CLASS = "Class";
    public static final String FIELD_CLASS_VALUE = "ClassValue";
    public static final String FIELD_CONFIDENCE = "Confidence";

    static final List<Field> FIELDS = List.of(new Field(FIELD_CLASS, FieldType.STRING),
        new Field(FIELD_CLASS_VALUE, FieldType.INTEGER), new Field(FIELD_CONFIDENCE, FieldType.REAL));

    private static final System.Logger LOG = System.getLogger(ObjectDetector.class.getName());

    private final InferenceModel model;
    private final Map<Integer, String> classNames;
    private final List<Integer> classValues;
    private final StageTimes times;

    /**
     * @param classes the model's {@code Classes}: class values a detection may carry and their
     *     names; when empty any class value is accepted and named by its number
     */
    public ObjectDetector(InferenceModel model, List<ModelClass> classes) {
        this(model, classes, new StageTimes());
    }

    /** As {@link #ObjectDetector(InferenceModel, List)}, timing reading, post-processing and writing. */
    public ObjectDetector(InferenceModel model, List<ModelClass> classes, StageTimes times) {
        this(classes, times, model);
        if (model == null) {
            throw new IllegalArgumentException("model, classes and times are required");
        }
    }

    /** A detector that only {@link #write}s: the merge of a run's work units needs no model. */
    public static ObjectDetector writer(List<ModelClass> classes, StageTimes times) {
        return new ObjectDetector(classes, times, null);
    }

    private ObjectDetector(List<ModelClass> classes, StageTimes times, InferenceModel model) {
        if (classes == null || times == null) {
            throw new IllegalArgumentException("model, classes and times are required");
        }
        this.times = times;
        this.classNames = ClassValues.namesByValue(classes);
        this.classValues = classes.stream().map(ModelClass::value).toList();
        this.model = model;
    }

    /**
     * Detects objects in the request's raster and writes them to its two outputs, replacing files
     * there. On failure no output file is left.
     *
     * @throws RasterIoException when the input cannot be read (missing, not a raster, a band in
     *     {@code ExtractBands} it lacks)
     * @throws InferenceException when the model rejects a batch
     * @throws ModelOutputException when the outputs do not follow the detection contract (shapes,
     *     types, scores outside 0-1, boxes upside down, a class value not in the {@code .emd})
     * @throws FeatureIoException when an output cannot be written
     * @throws IllegalArgumentException when the processing window lies outside the raster
     */
    public DetectedObjects detect(DetectObjectsRequest request, Progress progress)
            throws RasterIoException, InferenceException, ModelOutputException, FeatureIoException {
        long started = System.nanoTime();
        List<Detection> all;
        int tiles;
        try (BandWindowReader reader = BandWindowReader.open(request.input(), request.bandArray())) {
            Window area = area(request, reader);
            TileGrid grid = grid(request, area);
            tiles = grid.size();
            all = new Run(request, grid, area, reader, progress).tiles(0, tiles);
        }
        DetectedObjects result = write(request, all, tiles, progress);
        LOG.log(System.Logger.Level.INFO, () -> String.format(
            "detect objects done input=%s objects=%d tiles=%d batch=%d ms=%d", request.input(),
            result.count(), tiles, request.batchSize(), (System.nanoTime() - started) / 1_000_000));
        return result;
    }

    /**
     * The detections of tile rows {@code firstRow} to {@code endRow - 1} of the request's grid, one
     * work unit of a run: each tile's detections, suppressed within the tile, in tile order. The
     * detections of all rows, in order, are what {@link #write} suppresses across tiles.
     *
     * @throws IllegalArgumentException when the rows are outside the grid
     */
    public List<Detection> detectRows(DetectObjectsRequest request, int firstRow, int endRow, Progress progress)
            throws RasterIoException, InferenceException, ModelOutputException {
        try (BandWindowReader reader = BandWindowReader.open(request.input(), request.bandArray())) {
            Window area = area(request, reader);
            TileGrid grid = grid(request, area);
            if (firstRow < 0 || endRow > grid.rows() || firstRow >= endRow) {
                throw new IllegalArgumentException("tile rows " + firstRow + "-" + endRow + " are outside the grid's "
                    + grid.rows() + " rows");
            }
            return new Run(request, grid, area, reader, progress).tiles(firstRow * grid.columns(),
                endRow * grid.columns());
        }
    }

    /**
     * Suppresses duplicates across tiles among {@code detections} (every tile's, in tile order) and
     * writes the survivors to the request's two outputs, replacing files there; on failure no
     * output file is left.
     *
     * @param tiles the tiles the detections came from, for the result
     */
    public DetectedObjects write(DetectObjectsRequest request, List<Detection> detections, int tiles,
                                 Progress progress) throws RasterIoException, ModelOutputException, FeatureIoException {
        if (detections.size() > MAX_DETECTIONS) {
            throw new ModelOutputException(new long[0], "more than " + MAX_DETECTIONS + " detections score at least "
                + request.threshold() + "; raise the threshold");
        }
        GeoTransform transform;
        org.rasterhub.runner.raster.Crs crs;
        try (BandWindowReader reader = BandWindowReader.open(request.input(), request.bandArray())) {
            transform = reader.transform();
            crs = reader.crs();
        }
        long suppressing = System.nanoTime();
        List<Detection> kept = NonMaxSuppression.suppress(detections, request.nmsOverlap());
        times.since(Stage.POST_PROCESS, suppressing);
        progress.update(STAGE_WRITING, 0, 1);
        long writing = System.nanoTime();
        List<VectorFeature> features = new ArrayList<>(kept.size());
        Map<String, Integer> perClass = new TreeMap<>();
        for (Detection d : kept) {
            String name = className(d.classValue());
            perClass.merge(name, 1, Integer::sum);
            features.add(polygon(d, name, transform));
        }
        FeatureLayerWriter.write(request.geoPackageOutput(), request.geoJsonOutput(), LAYER, crs,
            FIELDS, features);
        times.since(Stage.WRITE, writing);
        progress.update(STAGE_WRITING, 1, 1);
        return new DetectedObjects(request.geoPackageOutput(), request.geoJsonOutput(), kept.size(),
            perClass, tiles, kept);
    }

    private static Window area(DetectObjectsRequest request, BandWindowReader reader) {
        return request.processingWindow()
            .map(w -> clipped(w, reader.width(), reader.height()))
            .orElse(new Window(0, 0, reader.width(), reader.height()));
    }

    private static TileGrid grid(DetectObjectsRequest request, Window area) {
        return new TileGrid(area.width(), area.height(), request.tileSize(), request.padding());
    }

    private String className(int value) {
        return classNames.getOrDefault(value, Integer.toString(value));
    }

    private static Window clipped(Window window, int width, int height) {
        try {
            return window.clippedTo(width, height);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("processing window " + window
                + " lies outside the raster of " + width + " x " + height + " pixels", e);
        }
    }

    // Corners through the geotransform, so a rotated raster gives rotated rectangles.
    private static VectorFeature polygon(Detection d, String name, GeoTransform t) {
        PixelBox b = d.box();
        double[] cols = {b.minX(), b.maxX(), b.maxX(), b.minX()};
        double[] rows = {b.minY(), b.minY(), b.maxY(), b.maxY()};
        double[] xs = new double[4];
        double[] ys = new double[4];
        for (int i = 0; i < 4; i++) {
            xs[i] = t.originX() + cols[i] * t.pixelWidth() + rows[i] * t.rowRotation();
            ys[i] = t.originY() + cols[i] * t.columnRotation() + rows[i] * t.pixelHeight();
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(FIELD_CLASS, name);
        attributes.put(FIELD_CLASS_VALUE, (long) d.classValue());
        attributes.put(FIELD_CONFIDENCE, (double) d.score());
        return VectorFeature.polygon(xs, ys, attributes);
    }

    /** One detection run's buffers, reused for every batch. */
    private final class Run {
        private final DetectObjectsRequest request;
        private final TileGrid grid;
        private final Window area;
        private final BandWindowReader reader;
        private final Progress progress;
        private final int bands;
        private final int tileSize;
        private final int tileValues;
        private final float[] batch;
        private final InputScaling.BandTransform scaling;
        private final List<Detection> detections = new ArrayList<>();

        Run(DetectObjectsRequest request, TileGrid grid, Window area, BandWindowReader reader,
            Progress progress) {
            this.request = request;
            this.grid = grid;
            this.area = area;
            this.reader = reader;
            this.progress = progress;
            this.bands = reader.bandCount();
            this.tileSize = grid.tileSize();
            this.tileValues = bands * tileSize * tileSize;
            this.batch = new float[request.batchSize() * tileValues];
            this.scaling = request.scaling().forBands(reader.pixelTypes());
        }

        /** Tiles {@code from} to {@code end - 1} of the grid; progress counts from {@code from}. */
        List<Detection> tiles(int from, int end) throws RasterIoException, InferenceException, ModelOutputException {
            int total = end - from;
            progress.update(STAGE, 0, total);
            for (int first = from; first < end; first += request.batchSize()) {
                int count = Math.min(request.batchSize(), end - first);
                long reading = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    Window input = inRaster(grid.tile(first + i).input());
                    reader.read(input.x(), input.y(), tileSize, tileSize, batch, i * tileValues);
                    scaling.apply(batch, i * tileValues, tileSize * tileSize);
                }
                times.since(Stage.READ, reading);
                float[] values = count == request.batchSize() ? batch
                    : Arrays.copyOf(batch, count * tileValues);
                var raw = model.runAll(new FloatTensor(new long[] {count, bands, tileSize, tileSize}, values));
                long detecting = System.nanoTime();
                TileOutputs outputs = TileOutputs.of(raw, count, tileSize, classValues);
                for (int i = 0; i < count; i++) {
                    List<Detection> tile = NonMaxSuppression.suppress(
                        tileDetections(grid.tile(first + i), i, outputs), request.nmsOverlap());
                    if (detections.size() + tile.size() > MAX_DETECTIONS) {
                        throw new ModelOutputException(outputs.shape(), "more than "
                            + MAX_DETECTIONS + " detections score at least " + request.threshold()
                            + "; raise the threshold");
                    }
                    detections.addAll(tile);
                }
                times.since(Stage.POST_PROCESS, detecting);
                progress.update(STAGE, first - from + count, total);
            }
            return detections;
        }

        private List<Detection> tileDetections(Tile tile, int slot, TileOutputs outputs)
                throws ModelOutputException {
            Window input = inRaster(tile.input());
            Window core = inRaster(tile.core());
            List<Detection> found = new ArrayList<>();
            for (Candidate candidate : outputs.candidates(slot, (float) request.threshold())) {
                int classValue = classValue(outputs, candidate);
                PixelBox box = box(outputs, slot, candidate, input);
                double cx = box.centreX();
                double cy = box.centreY();
                Window keep = request.excludePadDetections() ? core : area;
                if (cx < keep.x() || cx >= keep.endX() || cy < keep.y() || cy >= keep.endY()) {
                    continue;
                }
                PixelBox clipped = clip(box);
                if (clipped != null) {
                    found.add(new Detection(clipped, classValue, candidate.score()));
                }
            }
            return found;
        }

        private int classValue(TileOutputs outputs, Candidate candidate) throws ModelOutputException {
            double value = candidate.classValue();
            if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE
                    || !classNames.isEmpty() && !classNames.containsKey((int) value)) {
                throw new ModelOutputException(outputs.shape(), "class " + value + " of detection "
                    + candidate.index() + " is not one of the .emd class values " + new TreeMap<>(classNames).keySet());
            }
            return (int) value;
        }

        private PixelBox box(TileOutputs outputs, int slot, Candidate c, Window input) throws ModelOutputException {
            if (!(Double.isFinite(c.ymin()) && Double.isFinite(c.xmin()) && Double.isFinite(c.ymax())
                    && Double.isFinite(c.xmax())) || c.ymin() > c.ymax() || c.xmin() > c.xmax()) {
                throw new ModelOutputException(outputs.shape(), "box " + c.index() + " of tile slot "
                    + slot + " is (ymin " + c.ymin() + ", xmin " + c.xmin() + ", ymax " + c.ymax() + ", xmax "
                    + c.xmax() + "); expected finite values with min <= max; " + outputs.contract());
            }
            return new PixelBox(input.x() + c.xmin() * tileSize, input.y() + c.ymin() * tileSize,
                input.x() + c.xmax() * tileSize, input.y() + c.ymax() * tileSize);
        }

        // Mirrored pixels past the edge are not the object: only the part inside the raster counts.
        private PixelBox clip(PixelBox box) {
            double minX = Math.max(box.minX(), 0);
            double minY = Math.max(box.minY(), 0);
            double maxX = Math.min(box.maxX(), reader.width());
            double maxY = Math.min(box.maxY(), reader.height());
            return maxX > minX && maxY > minY ? new PixelBox(minX, minY, maxX, maxY) : null;
        }

        // The grid covers the processing window; shift its tiles into raster pixels.
        private Window inRaster(Window w) {
            return new Window(w.x() + area.x(), w.y() + area.y(), w.width(), w.height());
        }
    }
}
