package org.rasterhub.runner.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.classify.ClassifiedRaster;
import org.rasterhub.runner.classify.ClassifyPixelsRequest;
import org.rasterhub.runner.classify.PixelClassifier;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.engine.Tensor;
import org.rasterhub.runner.raster.BandWindowReader;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.testmodels.RealisticOnnxModels;
import org.rasterhub.runner.testmodels.TinyOnnxModels;
import org.rasterhub.runner.tiling.Tile;
import org.rasterhub.runner.tiling.TileGrid;

/**
 * Classify Pixels throughput and heap (issue #6): {@link PixelClassifier}'s whole path (GDAL
 * windowed read on a reader thread, tensor and model on the calling thread, argmax/copy and core
 * writes on a writer thread, then the COG write) on a synthetic {@code pixels x pixels}
 * 3-band Byte GeoTIFF, as a ratio to raw ONNX Runtime ({@link OrtSession} called directly) on tiles
 * already in memory, same model, tile, batch and threads, measured in the same JVM. Also prints DJL
 * ({@link OnnxModel}) on the same in-memory tiles, the share of the runner's wall time spent in the
 * model (by sampling the stacks of the runner's three threads), and the peak heap while the runner runs.
 *
 * <p>Run with {@code scripts/bench-classify.sh [pixels] [tiny|realistic|core]}; the heap cap is the
 * script's {@code -Xmx}. Arguments: {@code [pixels=8000]
 * [work folder=inference-runner/target/bench-classify]}. The input raster is kept in the work folder
 * and reused by later runs of the same size (same seed, same pixels); the output is deleted.
 *
 * <p>System property {@code bench.model} picks the model: {@code tiny} (default) is the
 * brightest-band-wins test model (1x1 Conv + ArgMax, ~3 ms per 512² tile), tile 512, padding 64;
 * {@code realistic} is {@link RealisticOnnxModels#segmentationNet} (three 3x3 Convs of 128 channels
 * and a 1x1 head to 6 class scores, ~100 ms a tile, ArgMax done by the runner), tile 256, padding
 * 32, with fewer baseline batches per round (4 instead of 64) since each costs ~0.4 s. Everything
 * else is measured the same way.
 */
public final class ClassifyPixelsBenchmark {
    private static final long SEED = 42L;
    private static final int BANDS = 3;
    /** {@code tiny} (default) or {@code realistic}: see the class comment. */
    private static final String MODEL = System.getProperty("bench.model", "tiny");
    private static final boolean REALISTIC = realistic(MODEL);
    /** {@code core}: the realistic net answering only each tile's core (tile − 2 × padding), issue #14. */
    private static final boolean CORE = MODEL.equals("core");
    private static final int TILE = REALISTIC ? 256 : 512;
    private static final int PADDING = REALISTIC ? 32 : 64;
    private static final int BATCH = 4;
    /** Edge of the model's output: the tile, or its core for {@code core}. */
    private static final int OUTPUT_EDGE = CORE ? TILE - 2 * PADDING : TILE;
    /** Channels of the model's output per pixel: class scores (realistic) or one class (tiny). */
    private static final int OUTPUT_CHANNELS = REALISTIC ? RealisticOnnxModels.CLASSES : 1;
    /** Distinct in-memory batches for the baselines (cycled): 8 x 4 tiles, 100 MB of floats at 512. */
    private static final int SAMPLE_BATCHES = 8;
    private static final int BASELINE_RUNS = REALISTIC ? 4 : 64;
    private static final int BASELINE_ROUNDS = 5;
    private static final long SAMPLE_MILLIS = 2;
    /**
     * {@code -Dbench.sample=false} runs the runner without the stack sampler, to see what the
     * sampler's own CPU costs the runner (no model share or breakdown then).
     */
    private static final boolean SAMPLE = !"false".equals(System.getProperty("bench.sample"));

    private ClassifyPixelsBenchmark() {
    }

    private static boolean realistic(String model) {
        return switch (model) {
            case "tiny" -> false;
            case "realistic", "core" -> true;
            default -> throw new IllegalArgumentException("bench.model must be tiny, realistic or core, was "
                + model);
        };
    }

    public static void main(String[] args) throws Exception {
        int pixels = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        Path work = Path.of(args.length > 1 ? args[1] : "inference-runner/target/bench-classify");
        Files.createDirectories(work);
        Gdal.init();

        System.out.printf("machine: %d cores, java %s, max heap %d MB, GDAL %s, commit %s%n",
            Runtime.getRuntime().availableProcessors(), Runtime.version(),
            Runtime.getRuntime().maxMemory() >> 20, Gdal.version(),
            System.getProperty("bench.commit", "unknown"));

        Path input = work.resolve("synthetic-" + pixels + "-seed" + SEED + ".tif");
        if (Files.exists(input)) {
            System.out.printf("input: %s (reused), %d x %d x %d Byte, %d MB%n", input, pixels, pixels,
                BANDS, Files.size(input) >> 20);
        } else {
            long t0 = System.nanoTime();
            writeSynthetic(input, pixels);
            System.out.printf("input: %s written in %.1f s, %d x %d x %d Byte, tiled 512, uncompressed,"
                + " %d MB%n", input, (System.nanoTime() - t0) / 1e9, pixels, pixels, BANDS,
                Files.size(input) >> 20);
        }
        Path modelFile;
        String modelText;
        if (REALISTIC) {
            modelFile = TinyOnnxModels.write(work.resolve(CORE ? "realistic-core.onnx" : "realistic-segmentation.onnx"),
                CORE ? RealisticOnnxModels.segmentationNetCore(BANDS, PADDING) : RealisticOnnxModels.segmentationNet(BANDS));
            modelText = String.format("realistic segmentation net ((x - 127.5) / 64, 3x3 Conv %d->%d,"
                + " 2 x 3x3 Conv %d->%d,"
                + " Relus, 1x1 Conv ->%d class scores; %.2f G multiply-adds per tile; ArgMax in the"
                + " runner)", BANDS, RealisticOnnxModels.WIDTH, RealisticOnnxModels.WIDTH,
                RealisticOnnxModels.WIDTH, RealisticOnnxModels.CLASSES,
                RealisticOnnxModels.multiplyAddsPerPixel(BANDS, RealisticOnnxModels.WIDTH,
                    RealisticOnnxModels.CLASSES) * (double) TILE * TILE / 1e9)
                + (CORE ? String.format("; scores for the tile's centre %d x %d only", OUTPUT_EDGE, OUTPUT_EDGE) : "");
        } else {
            modelFile = TinyOnnxModels.write(work.resolve("brightest-any-batch.onnx"),
                TinyOnnxModels.brightestBandWinsAnyBatch(BANDS));
            modelText = "brightest-band-wins (1x1 Conv + ArgMax, dynamic batch)";
        }
        TileGrid grid = new TileGrid(pixels, pixels, TILE, PADDING);
        System.out.printf("request: tile %d, padding %d, batch %d, model %s, %d tiles%n", TILE, PADDING,
            BATCH, modelText, grid.size());

        // DJL first: it starts ORT's environment with its own options; OrtEnvironment.getEnvironment()
        // before that makes DJL fail (STACK.md).
        try (OnnxModel model = OnnxModel.load(modelFile)) {
            Baselines before = baselines(model, modelFile, input, grid);
            Runner run = runner(model, input, work.resolve("classes-" + pixels + ".tif"), grid);
            // Again after the runner: this machine's CPU is shared and the baselines drift between
            // minutes; the ratio is taken against the faster of the two (the conservative one).
            Baselines after = baselines(model, modelFile, input, grid);
            Baselines base = before.rawOrt >= after.rawOrt ? before : after;
            System.out.printf("%nraw ORT before the runner %.1f tiles/s, after %.1f tiles/s; DJL %.1f, %.1f"
                + " (the faster raw ORT run is used below)%n", before.rawOrt, after.rawOrt, before.djl,
                after.djl);

            double runnerRate = grid.size() / run.seconds;
            System.out.println();
            System.out.printf("raw ORT, in-memory tiles : %8.1f tiles/s (median of %d x %d batches;"
                + " %.1f ms of wall time per tile)%n", base.rawOrt, BASELINE_ROUNDS, BASELINE_RUNS,
                1e3 / base.rawOrt);
            System.out.printf("raw ORT + tensor from [] : %8.1f tiles/s   (/raw ORT = %.2f)%n",
                base.rawOrtWithCopy, base.rawOrtWithCopy / base.rawOrt);
            System.out.printf("DJL OnnxModel, same tiles: %8.1f tiles/s   DJL/raw ORT = %.2f%n",
                base.djl, base.djl / base.rawOrt);
            System.out.printf("runner non-model time per tile: %.2f ms (runner %.2f ms - DJL %.2f ms)%n",
                1e3 * run.seconds / grid.size() - 1e3 / base.djl, 1e3 * run.seconds / grid.size(),
                1e3 / base.djl);
            System.out.printf("runner (read..COG)       : %8.1f tiles/s   %d tiles in %.1f s"
                + " (tiles %.1f s + COG %.1f s)%n", runnerRate, grid.size(), run.seconds,
                run.tilesSeconds, run.seconds - run.tilesSeconds);
            System.out.printf("runner/raw ORT = %.3f   (target >= 0.9)%n", runnerRate / base.rawOrt);
            if (SAMPLE) {
                System.out.printf("model share of runner wall time: %.1f %% sampled (%d samples);"
                    + " %.1f %% estimated from the DJL rate%n", 100.0 * run.share("model thread", "model"),
                    run.samples,
                    100.0 * grid.size() / base.djl / run.seconds);
                System.out.printf("where the runner's time goes (sampled): %s%n", run.breakdown());
            } else {
                System.out.printf("model share of runner wall time: %.1f %% estimated from the DJL rate"
                    + " (stack sampler off: bench.sample=false)%n",
                    100.0 * grid.size() / base.djl / run.seconds);
            }
            System.out.printf("peak heap during the runner: %d MB of max %d MB   (target < 1024 MB)%n",
                run.peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("%.1f Mpixel/s, output COG %d MB%n",
                (double) pixels * pixels / run.seconds / 1e6, run.outputBytes >> 20);
        }
    }

    private record Baselines(double rawOrt, double rawOrtWithCopy, double djl) {
    }

    /** Raw ORT and DJL tiles/s on the grid's first tiles, read exactly as the runner reads them. */
    private static Baselines baselines(OnnxModel model, Path modelFile, Path input, TileGrid grid)
            throws Exception {
        int tileValues = BANDS * TILE * TILE;
        int batches = Math.min(SAMPLE_BATCHES, grid.size() / BATCH);
        if (batches < 1) {
            throw new IllegalArgumentException("raster too small: needs at least " + BATCH + " tiles");
        }
        float[][] inputs = new float[batches][BATCH * tileValues];
        try (BandWindowReader reader = BandWindowReader.open(input, new int[] {0, 1, 2})) {
            for (int b = 0; b < batches; b++) {
                for (int i = 0; i < BATCH; i++) {
                    Tile tile = grid.tile(b * BATCH + i);
                    reader.read(tile.input().x(), tile.input().y(), TILE, TILE, inputs[b], i * tileValues);
                }
            }
        }
        long[] shape = {BATCH, BANDS, TILE, TILE};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        System.out.printf("ONNX Runtime %s, default session options in both (as DJL without options)%n",
            env.getVersion());
        List<OnnxTensor> tensors = new ArrayList<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(modelFile.toString(), options)) {
            String name = session.getInputNames().iterator().next();
            for (float[] values : inputs) {
                tensors.add(OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape));
            }
            long[] classes = new long[BATCH * TILE * TILE];
            float[] scores = new float[REALISTIC ? BATCH * OUTPUT_CHANNELS * OUTPUT_EDGE * OUTPUT_EDGE : 0];
            Timed raw = () -> {
                for (int r = 0; r < BASELINE_RUNS; r++) {
                    try (OrtSession.Result result = session.run(Map.of(name,
                            tensors.get(r % tensors.size())))) {
                        // The runner needs the class map (or the scores) in Java, so the copy out is
                        // part of the work.
                        copyOut((OnnxTensor) result.get(0), classes, scores);
                    }
                }
            };
            // The same, but each batch's OnnxTensor is made from the float[] inside the clock (a copy
            // into native memory), as DJL must: separates DJL's own overhead from the copy in.
            Timed rawCopy = () -> {
                for (int r = 0; r < BASELINE_RUNS; r++) {
                    try (OnnxTensor tensor = OnnxTensor.createTensor(env,
                             FloatBuffer.wrap(inputs[r % inputs.length]), shape);
                         OrtSession.Result result = session.run(Map.of(name, tensor))) {
                        copyOut((OnnxTensor) result.get(0), classes, scores);
                    }
                }
            };
            Timed djl = () -> {
                for (int r = 0; r < BASELINE_RUNS; r++) {
                    Tensor out = model.run(new FloatTensor(shape, inputs[r % inputs.length]));
                    if (out.shape()[0] != BATCH) {
                        throw new IllegalStateException("unexpected output " + Arrays.toString(out.shape()));
                    }
                }
            };
            raw.run();   // warm-up
            rawCopy.run();
            djl.run();
            long[] rawNanos = new long[BASELINE_ROUNDS];
            long[] rawCopyNanos = new long[BASELINE_ROUNDS];
            long[] djlNanos = new long[BASELINE_ROUNDS];
            for (int round = 0; round < BASELINE_ROUNDS; round++) {   // interleaved against drift
                rawNanos[round] = raw.nanos();
                rawCopyNanos[round] = rawCopy.nanos();
                djlNanos[round] = djl.nanos();
            }
            double tiles = (double) BASELINE_RUNS * BATCH;
            return new Baselines(tiles / (median(rawNanos) / 1e9),
                tiles / (median(rawCopyNanos) / 1e9), tiles / (median(djlNanos) / 1e9));
        } finally {
            tensors.forEach(OnnxTensor::close);
        }
    }

    private static void copyOut(OnnxTensor output, long[] classes, float[] scores) {
        if (REALISTIC) {
            FloatBuffer out = output.getFloatBuffer();
            out.get(scores);
        } else {
            LongBuffer out = output.getLongBuffer();
            out.get(classes);
        }
    }

    private interface Timed {
        void run() throws Exception;

        default long nanos() throws Exception {
            long t0 = System.nanoTime();
            run();
            return System.nanoTime() - t0;
        }
    }

    private static final class Runner {
        double seconds;
        double tilesSeconds;
        long peakHeap;
        long outputBytes;
        /** Nanoseconds attributed to each part of each sampled thread. */
        final Map<String, Map<String, AtomicLong>> counts = Map.of(
            "model thread", parts("model", "waiting for tiles", "COG", "other"),
            "reader thread", parts("read", "waiting", "other"),
            "writer thread", parts("write", "waiting", "other"));

        long samples;

        private static Map<String, AtomicLong> parts(String... names) {
            Map<String, AtomicLong> parts = new java.util.LinkedHashMap<>();
            for (String name : names) {
                parts.put(name, new AtomicLong());
            }
            return parts;
        }

        /** Share of the runner's wall time that {@code thread} spent in {@code part}. */
        double share(String thread, String part) {
            Map<String, AtomicLong> parts = counts.get("model thread");
            long wall = parts.values().stream().mapToLong(AtomicLong::get).sum();
            return (double) counts.get(thread).get(part).get() / Math.max(1, wall);
        }

        String breakdown() {
            StringBuilder text = new StringBuilder();
            for (var thread : counts.entrySet()) {
                text.append(String.format("%n  %s:", thread.getKey()));
                for (String part : thread.getValue().keySet()) {
                    text.append(String.format(" %s %.1f %%,", part, 100.0 * share(thread.getKey(), part)));
                }
                text.setLength(text.length() - 1);
            }
            return text + String.format("%n  (%% of the runner's wall time; model thread \"other\": argmax"
                + " and class-map reads, tile bookkeeping; the reader and writer run only while tiles do)");
        }
    }

    /** One {@link PixelClassifier} run, with peak heap and a stack sampler on its three threads. */
    private static Runner runner(OnnxModel model, Path input, Path output, TileGrid grid)
            throws Exception {
        ClassifyPixelsRequest request = ClassifyPixelsRequest.of(input, output, List.of(0, 1, 2), TILE)
            .withPadding(PADDING).withBatchSize(BATCH);
        PixelClassifier classifier = new PixelClassifier(model, List.of());
        Runner run = new Runner();
        Thread worker = Thread.currentThread();
        Thread sampler = new Thread(() -> sample(worker, run), "stack-sampler");
        sampler.setDaemon(true);
        long[] writingStarted = {0};
        Progress progress = (stage, done, total) -> {
            if (PixelClassifier.STAGE_WRITING.equals(stage) && done == 0) {
                writingStarted[0] = System.nanoTime();
            }
        };
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        if (SAMPLE) {
            sampler.start();
        }
        long t0 = System.nanoTime();
        ClassifiedRaster result = classifier.classify(request, progress);
        long t1 = System.nanoTime();
        sampler.interrupt();
        sampler.join();
        run.peakHeap = peakHeapBytes();
        run.seconds = (t1 - t0) / 1e9;
        run.tilesSeconds = (writingStarted[0] - t0) / 1e9;
        run.outputBytes = Files.size(result.file());
        if (result.tiles() != grid.size()) {
            throw new IllegalStateException("runner classified " + result.tiles() + " tiles, expected "
                + grid.size());
        }
        Files.deleteIfExists(output);
        return run;
    }

    // Safepoint-biased like any Thread.getStackTrace sampler, but the runner's threads spend their
    // time in JNI (GDAL, ONNX Runtime) or parked, where they are always at a safepoint.
    // Each sample is weighted by the nanoseconds since the one before: with ONNX Runtime busy on both
    // cores the sampler runs late, and counting samples would under-weight the model.
    private static void sample(Thread worker, Runner run) {
        long last = System.nanoTime();
        Thread reader = null;
        Thread writer = null;
        while (!Thread.currentThread().isInterrupted()) {
            if (reader == null || writer == null) {
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (t.getName().equals("classify-read")) {
                        reader = t;
                    } else if (t.getName().equals("classify-write")) {
                        writer = t;
                    }
                }
            }
            String part = classifyModelThread(worker.getStackTrace());
            String readPart = reader != null && reader.isAlive()
                ? classifyStage(reader.getStackTrace(), ".BandWindowReader", "read", "read") : null;
            String writePart = writer != null && writer.isAlive()
                ? classifyStage(writer.getStackTrace(), ".ClassMapWriter", "write", "write") : null;
            long now = System.nanoTime();
            if (part != null) {
                run.counts.get("model thread").get(part).addAndGet(now - last);
                if (readPart != null) {
                    run.counts.get("reader thread").get(readPart).addAndGet(now - last);
                }
                if (writePart != null) {
                    run.counts.get("writer thread").get(writePart).addAndGet(now - last);
                }
                run.samples++;
            }
            last = now;
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String classifyModelThread(StackTraceElement[] stack) {
        boolean inClassify = false;
        String part = null;
        for (StackTraceElement frame : stack) {   // top of the stack first
            String cls = frame.getClassName();
            String method = frame.getMethodName();
            if (part == null) {
                if (cls.endsWith(".OnnxModel") && method.startsWith("run")) {
                    part = "model";
                } else if (cls.endsWith(".TilePipeline") && method.equals("take")) {
                    part = "waiting for tiles";
                } else if (cls.endsWith(".ClassMapWriter") && method.equals("finish")) {
                    part = "COG";
                }
            }
            if (cls.equals(PixelClassifier.class.getName()) && method.equals("classify")) {
                inClassify = true;
            }
        }
        if (!inClassify) {
            return null;   // before or after the timed call
        }
        return part == null ? "other" : part;
    }

    private static String classifyStage(StackTraceElement[] stack, String busyClass, String busyMethod,
                                        String busyPart) {
        if (stack.length == 0) {
            return null;
        }
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().endsWith(busyClass) && frame.getMethodName().equals(busyMethod)) {
                return busyPart;
            }
            if (frame.getClassName().endsWith(".TilePipeline") && frame.getMethodName().equals("take")) {
                return "waiting";
            }
        }
        return "other";
    }

    /**
     * A 3-band Byte GeoTIFF, tiled 512, uncompressed, written by 512-row strips (bounded memory):
     * smooth per-band row and column profiles plus noise from fixed-seed tables, so the brightest band
     * changes in patches and every class occurs.
     */
    static void writeSynthetic(Path file, int pixels) throws Exception {
        Random random = new Random(SEED);
        int[][] col = new int[BANDS][pixels];
        int[][] row = new int[BANDS][pixels];
        for (int b = 0; b < BANDS; b++) {
            double fx = 0.002 + random.nextDouble() * 0.01;
            double fy = 0.002 + random.nextDouble() * 0.01;
            double px = random.nextDouble() * Math.PI * 2;
            double py = random.nextDouble() * Math.PI * 2;
            for (int i = 0; i < pixels; i++) {
                col[b][i] = (int) (60 + 50 * Math.sin(i * fx + px));
                row[b][i] = (int) (60 + 50 * Math.cos(i * fy + py));
            }
        }
        byte[] noise = new byte[8192];
        random.nextBytes(noise);
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        Dataset dataset = gdal.GetDriverByName("GTiff").Create(partial.toString(), pixels, pixels, BANDS,
            gdalconst.GDT_Byte, new String[] {"TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512",
                "BIGTIFF=IF_SAFER"});
        if (dataset == null) {
            throw new IllegalStateException("cannot create " + partial + ": " + gdal.GetLastErrorMsg());
        }
        try {
            dataset.SetGeoTransform(new double[] {500_000, 10, 0, 5_800_000, 0, -10});
            int strip = 512;
            byte[] buffer = new byte[BANDS * pixels * strip];
            for (int y0 = 0; y0 < pixels; y0 += strip) {
                int h = Math.min(strip, pixels - y0);
                int n = 0;
                for (int b = 0; b < BANDS; b++) {
                    int[] c = col[b];
                    for (int y = y0; y < y0 + h; y++) {
                        int r = row[b][y];
                        int offset = y * 61 + b * 1297;
                        for (int x = 0; x < pixels; x++) {
                            buffer[n++] = (byte) (c[x] + r + (noise[(x + offset) & 8191] >> 3) + 16);
                        }
                    }
                }
                int err = dataset.WriteRaster(0, y0, pixels, h, pixels, h, gdalconst.GDT_Byte, buffer,
                    new int[] {1, 2, 3});
                if (err != gdalconst.CE_None) {
                    throw new IllegalStateException("writing rows " + y0 + ": " + gdal.GetLastErrorMsg());
                }
            }
            dataset.FlushCache();
        } finally {
            dataset.delete();
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
