package org.rasterhub.runner.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.gdal.osr.SpatialReference;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.runner.raster.ClassMapWriter;
import org.rasterhub.runner.raster.Crs;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.render.Extent;
import org.rasterhub.runner.render.TileAddress;
import org.rasterhub.runner.render.TileRenderer;
import org.rasterhub.runner.render.TileStyle;

/**
 * Map tile serving of a large class raster (issue #7): (a) time to first map render, every tile of
 * the zoom at which the raster fits a 1280 x 800 viewport rendered on 6 threads (a browser's
 * connections per host), against the same tiles on 1 thread; (b) tile latency p50/p95 with 20
 * concurrent clients asking for random tiles over the raster at zooms fit..fit+4 for 20 s.
 *
 * <p>Usage: {@code TileBenchmark [pixels] [work folder] [seconds]}; defaults 10000, target/bench-tiles,
 * 20. The synthetic COG is kept and reused by later runs of the same size.
 */
public final class TileBenchmark {
    static final int VIEWPORT_WIDTH = 1280;
    static final int VIEWPORT_HEIGHT = 800;
    static final int BROWSER_THREADS = 6;
    static final int CLIENTS = 20;
    static final int DEEPER_ZOOMS = 4;

    private TileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pixels = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path folder = Path.of(args.length > 1 ? args[1] : "target/bench-tiles");
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Files.createDirectories(folder);
        Path cog = folder.resolve("classes-" + pixels + ".tif");
        Gdal.init();
        if (!Files.exists(cog)) {
            long start = System.nanoTime();
            write(cog, pixels);
            System.out.printf("wrote %s (%d x %d, %.1f MB) in %.1f s%n", cog, pixels, pixels,
                Files.size(cog) / 1e6, (System.nanoTime() - start) / 1e9);
        }
        System.out.printf("%d cores, java %s, GDAL %s, commit %s%n", Runtime.getRuntime().availableProcessors(),
            Runtime.version(), Gdal.version(), System.getProperty("bench.commit", "?"));

        long coldStart = System.nanoTime();
        Extent extent = TileRenderer.extentWebMercator(cog).orElseThrow();
        int fit = fitZoom(extent);
        List<TileAddress> view = tilesCovering(extent, fit);
        long firstRender = renderAll(cog, view, BROWSER_THREADS);
        long coldTotal = System.nanoTime() - coldStart;
        long warm6 = renderAll(cog, view, BROWSER_THREADS);
        long warm1 = renderAll(cog, view, 1);
        System.out.printf("(a) first map render: zoom %d, %d tiles, %d threads: cold JVM %.0f ms (with extent"
            + " %.0f ms), warm %.0f ms; 1 thread warm %.0f ms; 6 threads / 1 thread = %.2f%n", fit, view.size(),
            BROWSER_THREADS, firstRender / 1e6, coldTotal / 1e6, warm6 / 1e6, warm1 / 1e6, (double) warm6 / warm1);

        long[] latencies = load(cog, extent, fit, seconds);
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf("(b) %d clients, zooms %d-%d, %d s: %d tiles, %.0f tiles/s, p50 %.1f ms, p95 %.1f ms,"
            + " max %.1f ms%n", CLIENTS, fit, fit + DEEPER_ZOOMS, seconds, sorted.length,
            sorted.length / (double) seconds, percentile(sorted, 50) / 1e6, percentile(sorted, 95) / 1e6,
            sorted[sorted.length - 1] / 1e6);
        long[] single = loadOneClient(cog, extent, fit, Math.max(3, seconds / 4));
        Arrays.sort(single);
        System.out.printf("    baseline 1 client: %d tiles, p50 %.1f ms, p95 %.1f ms; p95 under load / p50"
            + " alone = %.1f%n", single.length, percentile(single, 50) / 1e6, percentile(single, 95) / 1e6,
            percentile(sorted, 95) / (double) percentile(single, 50));
    }

    /** Highest zoom at which the whole extent fits the viewport. */
    public static int fitZoom(Extent extent) {
        for (int z = TileAddress.MAX_ZOOM; z >= 0; z--) {
            double metresPerPixel = 2 * TileAddress.ORIGIN / (256.0 * (1L << z));
            if ((extent.maxX() - extent.minX()) / metresPerPixel <= VIEWPORT_WIDTH
                    && (extent.maxY() - extent.minY()) / metresPerPixel <= VIEWPORT_HEIGHT) {
                return z;
            }
        }
        return 0;
    }

    public static List<TileAddress> tilesCovering(Extent extent, int z) {
        int[] range = tileRange(extent, z);
        List<TileAddress> tiles = new ArrayList<>();
        for (int y = range[1]; y <= range[3]; y++) {
            for (int x = range[0]; x <= range[2]; x++) {
                tiles.add(new TileAddress(z, x, y));
            }
        }
        return tiles;
    }

    /** {minX, minY, maxX, maxY} tile numbers covering the extent at zoom z. */
    public static int[] tileRange(Extent extent, int z) {
        double size = 2 * TileAddress.ORIGIN / (1L << z);
        return new int[] {(int) Math.floor((extent.minX() + TileAddress.ORIGIN) / size),
            (int) Math.floor((TileAddress.ORIGIN - extent.maxY()) / size),
            (int) Math.floor((extent.maxX() + TileAddress.ORIGIN) / size),
            (int) Math.floor((TileAddress.ORIGIN - extent.minY()) / size)};
    }

    private static long renderAll(Path cog, List<TileAddress> tiles, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<byte[]>> done = new ArrayList<>();
            for (TileAddress t : tiles) {
                done.add(pool.submit(() -> TileRenderer.renderPng(cog, TileStyle.CLASSES, t.z(), t.x(), t.y())));
            }
            for (Future<byte[]> f : done) {
                f.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdown();
        }
    }

    private static long[] load(Path cog, Extent extent, int fit, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<long[]>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            long seed = 42 + c;   // fixed seeds: the same tile sequence every run
            clients.add(pool.submit(() -> client(cog, extent, fit, end, new Random(seed))));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : clients) {
            all.add(f.get());
        }
        pool.shutdown();
        return all.stream().flatMapToLong(Arrays::stream).toArray();
    }

    private static long[] loadOneClient(Path cog, Extent extent, int fit, int seconds) throws Exception {
        return client(cog, extent, fit, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds), new Random(7));
    }

    private static long[] client(Path cog, Extent extent, int fit, long end, Random random) throws Exception {
        long[] latencies = new long[1024];
        int n = 0;
        while (System.nanoTime() < end) {
            int z = fit + random.nextInt(DEEPER_ZOOMS + 1);
            int[] range = tileRange(extent, z);
            int x = range[0] + random.nextInt(range[2] - range[0] + 1);
            int y = range[1] + random.nextInt(range[3] - range[1] + 1);
            long start = System.nanoTime();
            TileRenderer.renderPng(cog, TileStyle.CLASSES, z, x, y);
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = System.nanoTime() - start;
        }
        return Arrays.copyOf(latencies, n);
    }

    private static long percentile(long[] sorted, double percent) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(percent / 100 * sorted.length) - 1)];
    }

    /** Six classes in irregular stripes, a nodata corner: many class edges, as a real land cover map has. */
    private static void write(Path cog, int pixels) throws Exception {
        List<ModelClass> classes = List.of(new ModelClass(0, "Water", 0, 92, 230),
            new ModelClass(1, "Forest", 38, 115, 0), new ModelClass(2, "Built-up", 230, 0, 0),
            new ModelClass(3, "Crops", 255, 211, 127), new ModelClass(4, "Grass", 163, 255, 115),
            new ModelClass(5, "Bare", 204, 204, 204));
        SpatialReference utm = new SpatialReference();
        utm.ImportFromEPSG(32633);
        Crs crs = new Crs(utm.ExportToWkt(), OptionalInt.of(32633));
        utm.delete();
        int strip = 512;
        Random random = new Random(42);
        try (ClassMapWriter writer = ClassMapWriter.create(cog, pixels, pixels,
                GeoTransform.northUp(500_000, 5_000_000, 1, 1), crs, classes, strip)) {
            for (int top = 0; top < pixels; top += strip) {
                int rows = Math.min(strip, pixels - top);
                byte[] values = new byte[rows * pixels];
                for (int r = 0; r < rows; r++) {
                    int row = top + r;
                    for (int col = 0; col < pixels; col++) {
                        int value = (col / 97 + row / 131 + (col * row) / 50_000) % 6;
                        if (row > pixels * 0.9 && col > pixels * 0.9) {
                            value = ClassMapWriter.NO_DATA;
                        } else if (random.nextInt(1000) == 0) {
                            value = random.nextInt(6);
                        }
                        values[r * pixels + col] = (byte) value;
                    }
                }
                writer.write(0, top, pixels, rows, values);
            }
            writer.finish();
        }
    }
}
