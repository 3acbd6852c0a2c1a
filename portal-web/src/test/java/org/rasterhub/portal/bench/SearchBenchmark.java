package org.rasterhub.portal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.rasterhub.core.schema.SchemaMigrator;
import org.rasterhub.portal.catalog.ItemAccess;
import org.rasterhub.portal.catalog.search.CatalogSearch;
import org.rasterhub.portal.catalog.search.CatalogSearchEngine;
import org.rasterhub.portal.catalog.search.SearchIndex;
import org.rasterhub.portal.catalog.search.SearchPage;
import org.rasterhub.portal.catalog.search.SearchQuery;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.Role;
import org.rasterhub.portal.security.SignedInUser;

/**
 * Catalog search at 100,000 items (issue #5): seeds the portal's H2 database with plain JDBC
 * (fixed seed), then times the same searches three ways on that one database file:
 * <ol>
 *   <li>SQL: {@link CatalogSearch#run(Connection, SearchQuery, ItemAccess)} in this JVM on an embedded
 *       connection: the bare SQL search (page, count when needed, tags), which the portal runs until
 *       its memory index is loaded;
 *   <li>memory: {@link CatalogSearchEngine} in this JVM, loaded from the same file: what the portal
 *       runs once loaded (read the change log, search in memory, titles and tags of the page by SQL);
 *       every page must equal the SQL one;
 *   <li>REST: the real portal started on the file with {@code scripts/start-portal.sh}, once its
 *       memory index is loaded, the same searches as {@code GET /api/items?...} with a Bearer API
 *       token, one client, one at a time.
 * </ol>
 * H2 lets one process open an embedded file, so the two run one after the other, each after the
 * same warm-up rounds; the portal embeds H2 in its own JVM the same way, so neither side pays a
 * network hop to the database. The SQL side opens a session per search, so that H2 cannot answer a
 * repeated search from the session's last result of the same query. Every REST answer's total is
 * checked against the SQL run's.
 * Usage: {@code SearchBenchmark <home> <items> <rounds>}.
 */
public final class SearchBenchmark {
    static final String USER = "analyst";
    private static final long SEED = 5L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] SUBJECTS = {"Land Cover", "Building Footprint", "Tree", "Road", "Solar Panel",
            "Ship", "Flood", "Crop Type", "Wetland", "Burn Scar", "Cloud", "Water Body", "Parking Lot", "Swimming Pool",
            "Wind Turbine", "Oil Palm", "Mangrove", "Snow", "Landslide", "Vehicle", "Aircraft", "Greenhouse",
            "Informal Settlement", "Coastline", "Glacier", "Deforestation", "Urban Growth", "Field Boundary",
            "Power Line", "Railway"};
    private static final String[] TASKS = {"Classification", "Detection", "Extraction", "Segmentation", "Mapping",
            "Change Detection", "Counting"};
    private static final String[] SENSORS = {"Sentinel-2", "Landsat 8", "NAIP", "Sentinel-1 SAR", "WorldView-3",
            "PlanetScope", "Aerial", "Drone", "SPOT 7", "Pleiades"};
    private static final String[] REGIONS = {"Europe", "USA", "Africa", "Amazon", "India", "Australia", "Alps",
            "Sahel", "Indonesia", "Canada", "Brazil", "Nordic", "Mediterranean", "Andes", "Himalaya"};
    private static final String[] TAGS = {"landcover", "agriculture", "forestry", "urban", "disaster", "water",
            "infrastructure", "energy", "maritime", "climate", "sar", "optical", "lidar", "change", "production",
            "experimental", "baseline", "validated", "deprecated", "open-data", "high-resolution", "medium-resolution",
            "time-series", "multispectral", "hyperspectral", "unet", "deeplab", "maskrcnn", "yolo", "resnet"};
    private static final String[] CLASSES = {"Water", "Forest", "Built-up", "Cropland", "Grassland", "Shrubland",
            "Bare soil", "Snow and ice", "Wetland", "Cloud", "Shadow", "Building", "Road", "Tree", "Car", "Truck",
            "Ship", "Plane", "Solar panel", "Pool", "Burned", "Unburned", "Flooded", "Dry", "Palm", "Mangrove",
            "Rice", "Maize", "Wheat", "Soy", "Cotton", "Vineyard", "Orchard", "Background", "Damaged", "Intact"};
    private static final String[] WORDS = ("trained validated accuracy dataset imagery model network labelled samples"
            + " tiles bands resolution pixels meters season summer winter annual monthly cloud free mosaic"
            + " composite reference field survey ground truth precision recall score benchmark region country"
            + " province district coastal mountain tropical arid temperate boreal urban rural agricultural export"
            + " inference batch gpu cpu onnx tensor input output normalised reflectance radiance calibrated"
            + " orthorectified pansharpened augmentation rotation flip scale crop transfer learning pretrained"
            + " fine tuned epochs loss weighted balanced imbalanced minority majority class confusion matrix").split(" ");
    private static final String[] MODEL_TYPES = {"ImageClassification", "ObjectDetection", "ObjectClassification",
            "ChangeDetection", "InstanceDetection"};
    private static final String[] FRAMEWORKS = {"Onnx", "PyTorch", "TensorFlow", "Keras"};
    /** The searches timed, as REST query strings; a mix of rare and common words, filters and orders. */
    static final List<String> QUERIES = List.of(
            "",
            "q=land+cover",
            "q=building",
            "q=tree+detection+naip",
            "q=sentinel",
            "q=ship+sar",
            "q=road+extr",
            "q=solar+pan",
            "q=forest&sort=title",
            "sort=title",
            "modelType=ObjectDetection",
            "q=building&framework=PyTorch",
            "tag=agriculture",
            "owner=user17",
            "sharing=public&q=water",
            "q=flood&page=3",
            "q=europe+2021",
            "q=crop&sort=modified",
            "q=mangrove+indonesia",
            "q=wind+turbine&tag=energy",
            "q=cloud&modelType=ImageClassification&sort=title",
            "q=urban+growth+landsat",
            "q=gl",
            "q=validated&size=100");

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int items = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path root = Path.of(System.getProperty("rasterhub.root", ".")).toAbsolutePath();
        String url = "jdbc:h2:file:" + home.resolve("db/rasterhub") + ";AUTO_SERVER=TRUE";

        System.out.printf("machine: %d cores, java %s; items=%d rounds=%d queries=%d%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), items, rounds, QUERIES.size());
        String token;
        Map<String, Long> sqlTotals = new LinkedHashMap<>();
        long[] sql;
        long[] memory;
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            if (!seeded(connection, items)) {
                long start = System.nanoTime();
                seed(home, url, connection, items);
                System.out.printf("seeded %d items in %.1f s%n", items, (System.nanoTime() - start) / 1e9);
            }
            long start = System.nanoTime();
            connection.setAutoCommit(false);
            int indexed = SearchIndex.indexMissing(connection); // what the portal does at start; resumes a cut-off run
            connection.commit();
            connection.setAutoCommit(true);
            System.out.printf("indexed %d items in %.1f s (SearchIndex.indexMissing, as at portal start)%n",
                    indexed, (System.nanoTime() - start) / 1e9);
            token = newToken(connection);
            printSizes(connection);
            ItemAccess access = new ItemAccess(Caller.of(new SignedInUser(USER, Role.USER)), groupsOf(connection));
            List<SearchQuery> queries = QUERIES.stream().map(SearchBenchmark::query).toList();
            for (int i = 0; i < queries.size(); i++) {
                sqlTotals.put(QUERIES.get(i), CatalogSearch.run(connection, queries.get(i), access).total());
            }
            // A session of its own for each search: H2 answers an identical query again from the
            // session's last result while no table changed, which the portal's pool rarely allows.
            // Opening an embedded session on the open database is part of the time (well under 1 ms).
            sql = time(rounds, i -> {
                try (Connection session = DriverManager.getConnection(url, "sa", "")) {
                    SearchPage page = CatalogSearch.run(session, queries.get(i), access);
                    if (page.total() != sqlTotals.get(QUERIES.get(i))) {
                        throw new IllegalStateException("total changed for " + QUERIES.get(i));
                    }
                }
            });
            perQuery("sql", sql, rounds);

            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL(url);
            dataSource.setUser("sa");
            long heapBefore = usedHeap();
            long loadStart = System.nanoTime();
            CatalogSearchEngine engine = new CatalogSearchEngine(dataSource);
            engine.load();
            if (engine.status().state() != CatalogSearchEngine.State.READY) {
                throw new IllegalStateException("memory index not loaded: " + engine.status().failure());
            }
            System.out.printf("memory index: loaded %d items in %.1f s, ~%d MiB of heap%n", engine.status().items(),
                    (System.nanoTime() - loadStart) / 1e9, (usedHeap() - heapBefore) >> 20);
            for (int i = 0; i < queries.size(); i++) {
                SearchPage bySql = CatalogSearch.run(connection, queries.get(i), access);
                try (Connection session = DriverManager.getConnection(url, "sa", "")) {
                    if (!bySql.equals(engine.search(session, queries.get(i), access))) {
                        throw new IllegalStateException("memory and SQL pages differ for " + QUERIES.get(i));
                    }
                }
            }
            System.out.println("memory index: every page equals the SQL page");
            memory = time(rounds, i -> {
                try (Connection session = DriverManager.getConnection(url, "sa", "")) {
                    engine.search(session, queries.get(i), access);
                }
            });
            perQuery("mem", memory, rounds);
        }

        long[] rest;
        String concurrent;
        Process portal = startPortal(root, home);
        try {
            int port = awaitPort(home);
            awaitMemoryIndex(port);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            rest = time(rounds, i -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/api/items?" + QUERIES.get(i)))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(QUERIES.get(i) + ": HTTP " + response.statusCode() + " "
                            + response.body());
                }
                long total = JSON.readTree(response.body()).get("total").asLong();
                if (total != sqlTotals.get(QUERIES.get(i))) {
                    throw new IllegalStateException(QUERIES.get(i) + ": REST total " + total + ", SQL total "
                            + sqlTotals.get(QUERIES.get(i)));
                }
            });
            perQuery("rest", rest, rounds);
            concurrent = concurrently(http, port, token, rounds, sqlTotals);
        } finally {
            portal.destroy();
            if (!portal.waitFor(30, TimeUnit.SECONDS)) {
                portal.destroyForcibly();
            }
        }
        System.out.println("query totals (caller " + USER + "): " + sqlTotals);
        double sql50 = percentile(sql, 50), sql95 = percentile(sql, 95);
        double rest50 = percentile(rest, 50), rest95 = percentile(rest, 95);
        double memory50 = percentile(memory, 50), memory95 = percentile(memory, 95);
        System.out.printf("sql:    p50=%.1f ms p95=%.1f ms (%d searches)%n", sql50, sql95, sql.length);
        System.out.printf("memory: p50=%.1f ms p95=%.1f ms (%d searches)%n", memory50, memory95, memory.length);
        System.out.printf("rest:   p50=%.1f ms p95=%.1f ms (%d searches)%n", rest50, rest95, rest.length);
        System.out.printf("rest/sql: p50 %.2f, p95 %.2f; rest/memory: p50 %.2f, p95 %.2f%n", rest50 / sql50,
                rest95 / sql95, rest50 / memory50, rest95 / memory95);
        System.out.println(concurrent);
        System.out.printf("targets: rest p95 <= 100 ms: %s; rest/sql <= 1.5: %s%n", rest95 <= 100 ? "met" : "MISSED",
                rest95 / sql95 <= 1.5 ? "met" : "MISSED");
    }

    static final int CLIENTS = 8;

    /**
     * {@value #CLIENTS} clients at once, each running every search {@code rounds} times in its own
     * order: what the serialised change-log read and the shared read lock cost when searches overlap.
     */
    private static String concurrently(HttpClient http, int port, String token, int rounds,
                                       Map<String, Long> totals) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(CLIENTS);
        List<java.util.concurrent.Future<long[]>> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                long[] nanos = new long[rounds * QUERIES.size()];
                for (int n = 0; n < nanos.length; n++) {
                    String query = QUERIES.get((n + client * 3) % QUERIES.size());
                    long begin = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + port + "/api/items?" + query))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    nanos[n] = System.nanoTime() - begin;
                    if (response.statusCode() != 200
                            || JSON.readTree(response.body()).get("total").asLong() != totals.get(query)) {
                        throw new IllegalStateException(query + ": HTTP " + response.statusCode());
                    }
                }
                return nanos;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (var client : clients) {
            for (long n : client.get()) {
                all.add(n);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] nanos = all.stream().mapToLong(Long::longValue).toArray();
        return String.format("rest, %d clients at once: p50=%.1f ms p95=%.1f ms, %.0f searches/s (%d searches)",
                CLIENTS, percentile(nanos, 50), percentile(nanos, 95), nanos.length / seconds, nanos.length);
    }

    interface Search {
        void run(int query) throws Exception;
    }

    /** Warm-up rounds as many as timed ones; every query once a round, in order. Milliseconds each. */
    private static long[] time(int rounds, Search search) throws Exception {
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < QUERIES.size(); i++) {
                search.run(i);
            }
        }
        long[] nanos = new long[rounds * QUERIES.size()];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < QUERIES.size(); i++) {
                long start = System.nanoTime();
                search.run(i);
                nanos[r * QUERIES.size() + i] = System.nanoTime() - start;
            }
        }
        return nanos;
    }

    private static void perQuery(String label, long[] nanos, int rounds) {
        for (int i = 0; i < QUERIES.size(); i++) {
            long[] one = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                one[r] = nanos[r * QUERIES.size() + i];
            }
            System.out.printf("  %-4s p50=%6.1f ms  %s%n", label, percentile(one, 50),
                    QUERIES.get(i).isEmpty() ? "(no parameters)" : QUERIES.get(i));
        }
    }

    static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    static SearchQuery query(String queryString) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            parameters.computeIfAbsent(kv[0], k -> new ArrayList<>())
                    .add(java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return SearchQuery.fromParameters(parameters);
    }

    private static boolean seeded(Connection connection, int items) throws SQLException {
        try (Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                     + " WHERE TABLE_NAME = 'CATALOG_ITEM'")) {
            rows.next();
            if (rows.getLong(1) == 0) {
                return false;
            }
        }
        try (Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT COUNT(*) FROM catalog_item")) {
            rows.next();
            if (rows.getLong(1) != items) {
                throw new IllegalStateException("the database has " + rows.getLong(1) + " items, not " + items
                        + "; remove the bench folder to seed again");
            }
            return true;
        }
    }

    /** Schema by our migrations, then items with versions, classes, tags and group shares; fixed seed. */
    private static void seed(Path home, String url, Connection connection, int items) throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        new SchemaMigrator((DataSource) dataSource).migrate();
        Random random = new Random(SEED);
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO account (id, username, username_key, password_hash, role, created_at)"
                    + " VALUES (1, 'admin', 'admin', 'not-a-hash', 'ADMINISTRATOR', CURRENT_TIMESTAMP),"
                    + " (2, '" + USER + "', '" + USER.toLowerCase(java.util.Locale.ROOT)
                    + "', 'not-a-hash', 'USER', CURRENT_TIMESTAMP)");
            for (int g = 1; g <= 20; g++) {
                statement.executeUpdate("INSERT INTO portal_group (id, name, owner, created_at) VALUES (" + g
                        + ", 'group-" + g + "', 'admin', CURRENT_TIMESTAMP)");
            }
            // the analyst is in 2 of 20 groups: items shared with the other 18 stay hidden from them
            statement.executeUpdate("INSERT INTO group_member (group_id, username) VALUES (1, '" + USER + "'), (2, '"
                    + USER + "')");
        }
        String sha = "0".repeat(64);
        try (PreparedStatement item = connection.prepareStatement("INSERT INTO catalog_item (id, title, owner,"
                + " created_at, modified_at, summary, description, sharing) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement version = connection.prepareStatement("INSERT INTO item_version (id, item_id,"
                     + " version_number, sha256, size_bytes, file_name, emd_path, model_type, framework, emd_json,"
                     + " created_at) VALUES (?, ?, 1, ?, ?, ?, 'model.emd', ?, ?, '{}', ?)");
             PreparedStatement modelClass = connection.prepareStatement("INSERT INTO model_class (version_id,"
                     + " list_index, class_value, name, color_rgb) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement tag = connection.prepareStatement("INSERT INTO item_tag (item_id, tag) VALUES (?, ?)");
             PreparedStatement group = connection.prepareStatement(
                     "INSERT INTO item_group (item_id, group_id) VALUES (?, ?)")) {
            for (int id = 1; id <= items; id++) {
                String subject = pick(random, SUBJECTS);
                String task = pick(random, TASKS);
                String sensor = pick(random, SENSORS);
                String region = pick(random, REGIONS);
                int year = 2015 + random.nextInt(11);
                String title = subject + " " + task + " " + sensor + " " + region + " " + year
                        + (random.nextInt(4) == 0 ? " v" + (1 + random.nextInt(5)) : "");
                OffsetDateTime modified = base.minusSeconds(random.nextInt(3 * 365 * 86400)).atOffset(ZoneOffset.UTC);
                int share = random.nextInt(100);
                String sharing = share < 25 ? "PUBLIC" : share < 60 ? "ORGANIZATION" : share < 75 ? "GROUPS" : "PRIVATE";
                item.setLong(1, id);
                item.setString(2, title);
                item.setString(3, random.nextInt(10) == 0 ? USER : "user" + random.nextInt(200));
                item.setObject(4, modified);
                item.setObject(5, modified);
                item.setString(6, subject + " " + task.toLowerCase() + " from " + sensor + " imagery over " + region
                        + ", " + year + ".");
                item.setString(7, sentence(random, 25 + random.nextInt(30)));
                item.setString(8, sharing);
                item.addBatch();
                version.setLong(1, id);
                version.setLong(2, id);
                version.setString(3, sha);
                version.setLong(4, 1_000_000L + random.nextInt(100_000_000));
                version.setString(5, title.replace(' ', '_') + ".dlpk");
                version.setString(6, pick(random, MODEL_TYPES));
                version.setString(7, pick(random, FRAMEWORKS));
                version.setObject(8, modified);
                version.addBatch();
                int classes = 2 + random.nextInt(7);
                Set<String> names = new LinkedHashSet<>();
                while (names.size() < classes) {
                    names.add(pick(random, CLASSES));
                }
                int index = 0;
                for (String name : names) {
                    modelClass.setLong(1, id);
                    modelClass.setInt(2, index);
                    modelClass.setInt(3, index + 1);
                    modelClass.setString(4, name);
                    modelClass.setInt(5, random.nextInt(0xFFFFFF));
                    modelClass.addBatch();
                    index++;
                }
                Set<String> tags = new LinkedHashSet<>();
                int tagCount = 1 + random.nextInt(4);
                while (tags.size() < tagCount) {
                    tags.add(pick(random, TAGS));
                }
                for (String t : tags) {
                    tag.setLong(1, id);
                    tag.setString(2, t);
                    tag.addBatch();
                }
                if (sharing.equals("GROUPS") || random.nextInt(20) == 0) {
                    group.setLong(1, id);
                    group.setLong(2, 1 + random.nextInt(20));
                    group.addBatch();
                }
                if (id % 2000 == 0 || id == items) {
                    for (PreparedStatement s : List.of(item, version, modelClass, tag, group)) {
                        s.executeBatch();
                    }
                    connection.commit();
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            // ids were given explicitly: move the identity columns past them for the portal's own inserts
            statement.executeUpdate("ALTER TABLE catalog_item ALTER COLUMN id RESTART WITH " + (items + 1));
            statement.executeUpdate("ALTER TABLE item_version ALTER COLUMN id RESTART WITH " + (items + 1));
            statement.executeUpdate("ALTER TABLE account ALTER COLUMN id RESTART WITH 3");
            statement.executeUpdate("ALTER TABLE portal_group ALTER COLUMN id RESTART WITH 21");
        }
        connection.commit();
        connection.setAutoCommit(true);
        Files.createDirectories(home.resolve("blobs"));
    }

    /** A fresh API token of the analyst, stored as the portal stores them: SHA-256 hex of the token. */
    private static String newToken(Connection connection) throws Exception {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        String token = "rh_" + HexFormat.of().formatHex(secret);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_token (username, name,"
                + " token_hash, prefix, created_at) VALUES (?, 'search benchmark', ?, ?, CURRENT_TIMESTAMP)")) {
            insert.setString(1, USER);
            insert.setString(2, hash);
            insert.setString(3, token.substring(0, 8));
            insert.executeUpdate();
        }
        return token;
    }

    private static Set<Long> groupsOf(Connection connection) throws SQLException {
        Set<Long> groups = new java.util.TreeSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT group_id FROM group_member WHERE username = ?")) {
            select.setString(1, USER);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    groups.add(rows.getLong(1));
                }
            }
        }
        return groups;
    }

    private static void printSizes(Connection connection) throws SQLException {
        StringBuilder line = new StringBuilder("rows:");
        for (String table : List.of("catalog_item", "item_version", "model_class", "item_tag", "item_group",
                "search_item", "search_term", "search_tag")) {
            try (Statement statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rows.next();
                line.append(' ').append(table).append('=').append(rows.getLong(1));
            }
        }
        System.out.println(line);
    }

    private static Process startPortal(Path root, Path home) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(home.resolve("bench-port"), Integer.toString(port));
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("scripts/start-portal.sh").toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("portal.log").toFile());
        builder.environment().put("RASTERHUB_HOME", home.toString());
        builder.environment().put("RASTERHUB_PORT", Integer.toString(port));
        builder.environment().put("RASTERHUB_ADMIN_PASSWORD", "bench-admin-password");
        return builder.start();
    }

    private static int awaitPort(Path home) throws Exception {
        int port = Integer.parseInt(Files.readString(home.resolve("bench-port")).strip());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long start = System.nanoTime();
        Instant deadline = Instant.now().plusSeconds(240);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    System.out.printf("portal up in %.1f s (log: %s)%n", (System.nanoTime() - start) / 1e9,
                            home.resolve("portal.log"));
                    return port;
                }
            } catch (IOException notYet) {
                // keep waiting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("portal did not answer /api/health in 240 s; see " + home.resolve("portal.log"));
    }

    /** Waits until the portal answers searches from its memory index, which it loads after start. */
    private static void awaitMemoryIndex(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(240)) {
            JsonNode search = JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("search");
            String state = search.path("state").asText();
            if (state.equals("READY")) {
                System.out.printf("portal memory index ready %.1f s after the portal answered (%d items)%n",
                        (System.nanoTime() - start) / 1e9, search.path("items").asLong());
                return;
            }
            if (state.equals("FAILED")) {
                throw new IllegalStateException("the portal could not load its memory index: " + search);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the portal's memory index was not ready in 240 s");
    }

    private static long usedHeap() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static String sentence(Random random, int words) {
        StringBuilder text = new StringBuilder("Model");
        for (int i = 0; i < words; i++) {
            text.append(' ').append(random.nextInt(8) == 0 ? pick(random, CLASSES).toLowerCase() : pick(random, WORDS));
        }
        return text.append('.').toString();
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
