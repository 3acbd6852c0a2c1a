package org.rasterhub.portal.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Vector;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gdal.gdal.Band;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.gdal.osr.SpatialReference;
import org.rasterhub.runner.bench.TileBenchmark;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.render.Extent;
import org.rasterhub.runner.render.TileAddress;
import org.rasterhub.runner.render.TileRenderer;
import org.rasterhub.runner.render.TileStyle;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * Map tiles of a 10,000 x 10,000 Classify Pixels result through the real portal (issue #7): the
 * result is made by a real run, then (a) the first map render (extent, then every tile of the zoom at
 * which it fits 1280 x 800, on 6 connections as a browser uses) and (b) p50/p95 of 20 concurrent
 * clients asking for random tiles at zooms fit..fit+4 are measured over HTTP with an API token.
 * The same tiles rendered in this JVM without HTTP are the baseline of the same run.
 *
 * <p>Usage: {@code TileHttpBenchmark [pixels] [seconds]} (defaults 10000, 20); needs the built WAR.
 */
public final class TileHttpBenchmark {
    private static final int BROWSER_CONNECTIONS = 6;
    private static final int CLIENTS = 20;
    private static final int DEEPER_ZOOMS = 4;
    private static final String EMD = TestEmds.brightestBand(256);

    private TileHttpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pixels = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Gdal.init();
        try (PortalServer portal = PortalServer.start()) {
            RestClient admin = RestClient.asAdmin(portal);
            Path input = portal.imageryFolder().resolve("bench-" + pixels + ".tif");
            long start = System.nanoTime();
            writeInput(input, pixels);
            System.out.printf("input %d x %d x 3 written in %.1f s%n", pixels, pixels, seconds(start));

            var raster = admin.postJson("/api/rasters", "{\"folder\": \"imagery\", \"path\": \"" + input.getFileName()
                    + "\"}");
            check(raster.status() == 201, raster.body());
            long item = admin.upload("Bench_Brightest.dlpk", org.rasterhub.core.testing.TestPackages.aPackage()
                    .withEmd(EMD).withFile("brightest.onnx", TinyOnnxModels.brightestBandWins(3)).bytes())
                    .json().get("id").asLong();
            start = System.nanoTime();
            var submitted = admin.postJson("/api/runs", "{\"item\": " + item + ", \"tool\": \"classify_pixels\","
                    + " \"rasters\": [" + raster.json().get("id").asLong() + "]}");
            check(submitted.status() == 202, submitted.body());
            JsonNode run = RunLifecycleIT.await(admin, submitted.json().get("id").asLong(),
                    s -> !s.get("status").asText().matches("QUEUED|RUNNING"), Duration.ofMinutes(30));
            check(run.get("status").asText().equals("SUCCEEDED"), run.toString());
            System.out.printf("Classify Pixels run %d made the result in %.1f s%n", run.get("id").asLong(),
                    seconds(start));
            JsonNode layer = admin.get("/api/layers?run=" + run.get("id").asLong()).json().get(0);
            String token = admin.postJson("/api/tokens", "{\"name\": \"bench\"}").json().get("token").asText();
            String api = "/api/layers/" + layer.get("id").asLong();
            String sha = layer.get("files").get(0).get("sha256").asText();
            Path cog = portal.blob(sha);

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Extent extent = TileRenderer.extentWebMercator(cog).orElseThrow();
            int fit = TileBenchmark.fitZoom(extent);
            List<TileAddress> view = TileBenchmark.tilesCovering(extent, fit);

            // (a) first map render, cold server-side (first tile requests of this output), then warm.
            start = System.nanoTime();
            get(http, portal, api + "/extent", token);
            fetchAll(http, portal, api, token, view);
            double coldHttp = seconds(start);
            start = System.nanoTime();
            fetchAll(http, portal, api, token, view);
            double warmHttp = seconds(start);
            start = System.nanoTime();
            renderAll(cog, view);
            double warmRenderer = seconds(start);
            System.out.printf("(a) first map render of the %d x %d result: zoom %d, %d tiles on %d connections:"
                    + " %.0f ms cold, %.0f ms warm through HTTP; renderer alone %.0f ms; HTTP / renderer = %.2f%n",
                    pixels, pixels, fit, view.size(), BROWSER_CONNECTIONS, coldHttp * 1000, warmHttp * 1000,
                    warmRenderer * 1000, warmHttp / warmRenderer);

            // (b) 20 concurrent clients through HTTP, then the same load on the renderer alone.
            long[] overHttp = load(seconds, (random, z, x, y) -> get(http, portal,
                    api + "/tiles/" + z + "/" + x + "/" + y + ".png", token), extent, fit);
            long[] renderer = load(seconds, (random, z, x, y) -> TileRenderer.renderPng(cog, TileStyle.CLASSES, z, x,
                    y), extent, fit);
            System.out.printf("(b) %d clients, zooms %d-%d, %d s each: HTTP %d tiles (%.0f/s) p50 %.1f ms p95 %.1f ms;"
                    + " renderer %d tiles (%.0f/s) p50 %.1f ms p95 %.1f ms; p95 HTTP / renderer = %.2f%n",
                    CLIENTS, fit, fit + DEEPER_ZOOMS, seconds, overHttp.length, overHttp.length / (double) seconds,
                    percentile(overHttp, 50), percentile(overHttp, 95), renderer.length,
                    renderer.length / (double) seconds, percentile(renderer, 50), percentile(renderer, 95),
                    percentile(overHttp, 95) / percentile(renderer, 95));
        }
    }

    /** Three bands: band 0 brightest in the west half, band 1 in the east, written in strips. */
    private static void writeInput(Path file, int pixels) {
        Driver driver = gdal.GetDriverByName("GTiff");
        Vector<String> options = new Vector<>(List.of("TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"));
        Dataset dataset = driver.Create(file.toString(), pixels, pixels, 3, gdalconst.GDT_Byte, options);
        try {
            dataset.SetGeoTransform(new double[] {500_000, 1, 0, 4_300_000, 0, -1});
            SpatialReference utm = new SpatialReference();
            utm.ImportFromEPSG(32633);
            dataset.SetProjection(utm.ExportToWkt());
            utm.delete();
            int strip = 256;
            byte[] rows = new byte[pixels * strip];
            for (int band = 0; band < 3; band++) {
                Band b = dataset.GetRasterBand(band + 1);
                for (int col = 0; col < pixels; col++) {
                    boolean west = col < pixels / 2;
                    byte value = (byte) (band == 0 && west || band == 1 && !west ? 200 : 50);
                    for (int row = 0; row < strip; row++) {
                        rows[row * pixels + col] = value;
                    }
                }
                for (int y = 0; y < pixels; y += strip) {
                    int height = Math.min(strip, pixels - y);
                    b.WriteRaster(0, y, pixels, height, gdalconst.GDT_Byte, rows);
                }
            }
        } finally {
            dataset.delete();
        }
    }

    @FunctionalInterface
    private interface TileRequest {
        void fetch(Random random, int z, int x, int y) throws Exception;
    }

    private static long[] load(int seconds, TileRequest request, Extent extent, int fit) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<long[]>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Random random = new Random(42 + c); // fixed seeds: the same tiles every run, HTTP and renderer alike
            clients.add(pool.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                while (System.nanoTime() < end) {
                    int z = fit + random.nextInt(DEEPER_ZOOMS + 1);
                    int[] range = TileBenchmark.tileRange(extent, z);
                    int x = range[0] + random.nextInt(range[2] - range[0] + 1);
                    int y = range[1] + random.nextInt(range[3] - range[1] + 1);
                    long start = System.nanoTime();
                    request.fetch(random, z, x, y);
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - start;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : clients) {
            all.add(f.get());
        }
        pool.shutdown();
        long[] sorted = all.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    private static void fetchAll(HttpClient http, PortalServer portal, String api, String token,
                                 List<TileAddress> tiles) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(BROWSER_CONNECTIONS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (TileAddress t : tiles) {
                done.add(pool.submit(() -> {
                    get(http, portal, api + "/tiles/" + t.z() + "/" + t.x() + "/" + t.y() + ".png", token);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void renderAll(Path cog, List<TileAddress> tiles) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(BROWSER_CONNECTIONS);
        try {
            List<Future<byte[]>> done = new ArrayList<>();
            for (TileAddress t : tiles) {
                done.add(pool.submit(() -> TileRenderer.renderPng(cog, TileStyle.CLASSES, t.z(), t.x(), t.y())));
            }
            for (Future<byte[]> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void get(HttpClient http, PortalServer portal, String path, String token) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(portal.uri(path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        check(response.statusCode() == 200, path + ": HTTP " + response.statusCode());
    }

    private static double percentile(long[] sorted, double percent) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(percent / 100 * sorted.length) - 1)] / 1e6;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
