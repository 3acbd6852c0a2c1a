package org.rasterhub.portal.it;

import static org.rasterhub.core.testing.TestPackages.aPackage;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;

/**
 * The portal under 50 REST clients at once for 60 s on loopback (issue #13): searches, item reads,
 * map tiles and package uploads in a fixed mix, each client with its own API token. Prints requests,
 * errors (any answer but the expected status, or no answer) and p50/p95 per kind and overall, next
 * to the baseline measured in the same run: the same mix from one client alone.
 *
 * <p>Usage: {@code LoadTest [clients] [seconds]} (defaults 50, 60); {@code scripts/load-test.sh} builds
 * the WAR if needed, starts a portal on a fresh data folder and runs this.
 */
public final class LoadTest {
    enum Kind { SEARCH, ITEM, TILE, UPLOAD }

    private static final String[] WORDS = {"land", "cover", "water", "forest", "urban", "model", "crop", "road"};

    private LoadTest() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Gdal.init();
        try (PortalServer portal = PortalServer.start()) {
            Fixture fixture = Fixture.make(portal, clients);
            System.out.printf("portal ready: %d items, %d rasters, %d tokens%n", fixture.items.size(),
                    fixture.rasters.size(), fixture.tokens.size());
            Result alone = run(portal, fixture, 1, Math.max(10, seconds / 4));
            Result loaded = run(portal, fixture, clients, seconds);
            System.out.println();
            alone.print("baseline: 1 client");
            loaded.print(clients + " clients");
            System.out.printf("%nratio p95 %d clients / p50 one client: %.1f; errors %d (target 0); p95 %.0f ms"
                    + " (target <= 250 ms)%n", clients, loaded.percentile(null, 95) / alone.percentile(null, 50),
                    loaded.errors.get(), loaded.percentile(null, 95));
        }
    }

    /** What the clients use: items to read and search, a raster each to draw (imagery is private), a token each. */
    record Fixture(List<Long> items, List<Long> rasters, List<String> tokens) {
        static Fixture make(PortalServer portal, int clients) throws Exception {
            RestClient admin = RestClient.asAdmin(portal);
            List<Long> items = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String title = WORDS[i % WORDS.length] + "_" + WORDS[(i * 3 + 1) % WORDS.length] + "_" + i;
                var item = admin.upload(title + ".dlpk", aPackage().withFile("notes.txt", title).bytes());
                check(item.status() == 201, item.body());
                long id = item.json().get("id").asLong();
                check(admin.putJson("/api/items/" + id + "/sharing", "{\"sharing\": \"organization\"}").status() == 200,
                        "share " + id);
                items.add(id);
            }
            Path scene = Files.createTempFile("load-scene", ".tif");
            FloatBands pixels = FloatBands.zeros(256, 256, 3);
            Random random = new Random(1);
            for (int b = 0; b < 3; b++) {
                for (int r = 0; r < 256; r++) {
                    for (int c = 0; c < 256; c++) {
                        pixels.set(b, r, c, random.nextInt(255));
                    }
                }
            }
            GeoTiffs.write(scene, pixels, GeoTransform.northUp(500_000, 4_200_000, 10, 10), 32633);
            byte[] sceneBytes = Files.readAllBytes(scene);
            Files.delete(scene);
            List<Long> rasters = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String name = "load-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
                RestClient client = admin.createAccount(name, "load-password-1", "publisher");
                String token = client.postJson("/api/tokens", "{\"name\": \"load\", \"days\": 1}").json().get("token")
                        .asText();
                var raster = RestClient.withToken(portal, token).upload("/api/rasters", "scene.tif", sceneBytes);
                check(raster.status() == 201, raster.body());
                rasters.add(raster.json().get("id").asLong());
                tokens.add(token);
            }
            return new Fixture(items, rasters, tokens);
        }
    }

    static final class Result {
        final Map<Kind, List<Double>> millis = new EnumMap<>(Kind.class);
        final AtomicLong errors = new AtomicLong();
        final long elapsedNanos;

        Result(long elapsedNanos) {
            this.elapsedNanos = elapsedNanos;
            for (Kind kind : Kind.values()) {
                millis.put(kind, Collections.synchronizedList(new ArrayList<>()));
            }
        }

        double percentile(Kind kind, double p) {
            double[] all = (kind == null ? millis.values().stream().flatMap(List::stream)
                    : millis.get(kind).stream()).mapToDouble(Double::doubleValue).sorted().toArray();
            return all.length == 0 ? Double.NaN : all[(int) Math.min(all.length - 1, Math.ceil(p / 100 * all.length) - 1)];
        }

        void print(String title) {
            long requests = millis.values().stream().mapToLong(List::size).sum();
            System.out.printf("%s: %d requests in %.0f s (%.0f/s), %d errors, p50 %.1f ms, p95 %.1f ms%n", title,
                    requests, elapsedNanos / 1e9, requests / (elapsedNanos / 1e9), errors.get(), percentile(null, 50),
                    percentile(null, 95));
            for (Kind kind : Kind.values()) {
                System.out.printf("  %-6s %6d  p50 %7.1f ms  p95 %7.1f ms%n", kind, millis.get(kind).size(),
                        percentile(kind, 50), percentile(kind, 95));
            }
        }
    }

    static Result run(PortalServer portal, Fixture fixture, int clients, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(8)).build();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        Result result = new Result(TimeUnit.SECONDS.toNanos(seconds));
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String token = fixture.tokens.get(c);
            long raster = fixture.rasters.get(c);
            Random random = new Random(c);
            running.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    Kind kind = pick(random);
                    HttpRequest request = request(portal, fixture, kind, token, raster, random);
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        result.millis.get(kind).add((System.nanoTime() - sent) / 1e6);
                        if (answer.statusCode() != (kind == Kind.UPLOAD ? 201 : 200)) {
                            result.errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        result.errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        return result;
    }

    // The mix: 40 % searches, 30 % item reads, 25 % tiles, 5 % uploads.
    private static Kind pick(Random random) {
        int r = random.nextInt(100);
        return r < 40 ? Kind.SEARCH : r < 70 ? Kind.ITEM : r < 95 ? Kind.TILE : Kind.UPLOAD;
    }

    private static HttpRequest request(PortalServer portal, Fixture fixture, Kind kind, String token, long raster,
                                       Random random) throws Exception {
        HttpRequest.Builder builder;
        switch (kind) {
            case SEARCH -> builder = HttpRequest.newBuilder(portal.uri("/api/items?q=" + WORDS[random.nextInt(WORDS.length)]
                    + "&size=10"));
            case ITEM -> builder = HttpRequest.newBuilder(portal.uri("/api/items/"
                    + fixture.items.get(random.nextInt(fixture.items.size()))));
            case TILE -> {
                // The 2.56 km raster at 37.92-37.95 N, 15.00-15.03 E covers tiles x 8874-8875, y 6322-6324 at zoom 14.
                int z = 14;
                int x = 8874 + random.nextInt(2);
                int y = 6322 + random.nextInt(3);
                builder = HttpRequest.newBuilder(portal.uri("/api/rasters/" + raster + "/tiles/" + z + "/" + x
                        + "/" + y + ".png"));
            }
            default -> {
                String boundary = "load-" + UUID.randomUUID();
                byte[] bytes = aPackage().withFile("notes.txt", UUID.randomUUID().toString()).bytes();
                byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Load.dlpk\""
                        + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
                byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
                byte[] body = Arrays.copyOf(head, head.length + bytes.length + tail.length);
                System.arraycopy(bytes, 0, body, head.length, bytes.length);
                System.arraycopy(tail, 0, body, head.length + bytes.length, tail.length);
                builder = HttpRequest.newBuilder(portal.uri("/api/items"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            }
        }
        return builder.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build();
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what);
        }
    }
}
