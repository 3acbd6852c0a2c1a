package org.rasterhub.portal.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The real portal, started with {@code scripts/start-portal.sh} on a free port against a fresh data
 * folder, exactly as a user starts it. Fails fast when the process dies or the deployment fails.
 */
public final class PortalServer implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "it-admin-password";
    public static final String LEFTOVER_STAGING = "tmp/upload-crashed-before-start/members";
    /** The grace period of the blob collector in the ITs' portal. */
    public static final int BLOB_GRACE_SECONDS = 2;
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(180);
    static final Path WORK = Path.of(System.getProperty("rasterhub.it.workDir", "target/it")).toAbsolutePath();

    private final Process process;
    private final int port;
    private final Path home;
    private final Path log;

    private PortalServer(Process process, int port, Path home, Path log) {
        this.process = process;
        this.port = port;
        this.home = home;
        this.log = log;
    }

    /**
     * System property {@code rasterhub.it.database=postgres}: portals keep everything in a PostgreSQL
     * database (one per data folder, on a throwaway server for the whole test run) instead of H2.
     */
    static final boolean ON_POSTGRES = "postgres".equals(System.getProperty("rasterhub.it.database"));

    /** The throwaway PostgreSQL server of this test run, and the database of each data folder. */
    private static final class Postgres {
        static final org.rasterhub.portal.db.ThrowawayPostgres SERVER = startServer();
        private static final java.util.Map<Path, String> DATABASES = new java.util.HashMap<>();

        private static org.rasterhub.portal.db.ThrowawayPostgres startServer() {
            try {
                org.rasterhub.portal.db.ThrowawayPostgres server = org.rasterhub.portal.db.ThrowawayPostgres.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (Exception ignored) {
                        // The run is over; a stopped server's folder is in the temp folder.
                    }
                }));
                return server;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("could not start PostgreSQL: " + e.getMessage(), e);
            }
        }

        /** The same database for the same data folder: a restarted portal finds what it stored. */
        static synchronized String databaseOf(Path home) {
            return DATABASES.computeIfAbsent(home.toAbsolutePath().normalize(), h -> {
                try {
                    return SERVER.url(SERVER.createDatabase());
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("could not create a database: " + e.getMessage(), e);
                }
            });
        }
    }

    public static PortalServer start() throws IOException, InterruptedException {
        Path home = WORK.resolve("home-" + System.currentTimeMillis());
        Files.createDirectories(home);
        // What an upload cut off by a crash leaves behind; the portal must sweep it at startup.
        Path leftover = Files.createDirectories(home.resolve(LEFTOVER_STAGING));
        Files.writeString(leftover.resolve("package"), "half an upload");
        return start(home, WORK.resolve("portal.log"));
    }

    /** Starts a portal on an existing data folder, as after a restart; its log goes to {@code log}. */
    public static PortalServer start(Path home, Path log) throws IOException, InterruptedException {
        return start(home, log, "");
    }

    /** {@link #start(Path, Path)} with more JVM options ({@code -Drasterhub...} settings). */
    public static PortalServer start(Path home, Path log, String javaOptions) throws IOException,
            InterruptedException {
        return start(home, log, javaOptions, null);
    }

    /** {@link #start(Path, Path, String)} as the named node ({@code RASTERHUB_NODE}) of a cluster, or null. */
    public static PortalServer start(Path home, Path log, String javaOptions, String node) throws IOException,
            InterruptedException {
        return start(home, log, javaOptions, node, java.util.Map.of());
    }

    /** {@link #start(Path, Path, String, String)} with more environment ({@code RASTERHUB_EMBEDDED_RUNNER=0}). */
    public static PortalServer start(Path home, Path log, String javaOptions, String node,
                                     java.util.Map<String, String> environment) throws IOException,
            InterruptedException {
        Path root = Path.of(System.getProperty("rasterhub.it.root", "..")).toAbsolutePath().normalize();
        int port = freePort();

        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("scripts/start-portal.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("RASTERHUB_HOME", home.toString());
        builder.environment().put("RASTERHUB_PORT", Integer.toString(port));
        builder.environment().put("RASTERHUB_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("RASTERHUB_IMAGERY_FOLDERS", "imagery=" + imageryFolder(home));
        if (node != null) {
            builder.environment().put("RASTERHUB_NODE", node);
        }
        builder.environment().putAll(environment);
        if (ON_POSTGRES) {
            builder.environment().put("RASTERHUB_DB_URL", Postgres.databaseOf(home));
            builder.environment().put("RASTERHUB_DB_USER", Postgres.SERVER.user());
        }
        // Blobs are collected 2 s after their last touch, swept every 2 s: tests see collection happen.
        builder.environment().put("RASTERHUB_JAVA_OPTS", "-Drasterhub.blobGraceSeconds=" + BLOB_GRACE_SECONDS
                + " -Drasterhub.blobSweepSeconds=2 " + javaOptions);
        PortalServer server = new PortalServer(builder.start(), port, home, log);
        try {
            server.awaitHealthy();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The server folder this portal opens to runs as "imagery" (created empty at start). */
    public static Path imageryFolder(Path home) throws IOException {
        return Files.createDirectories(home.resolveSibling(home.getFileName() + "-imagery"));
    }

    public Path imageryFolder() throws IOException {
        return imageryFolder(home);
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** The throwaway PostgreSQL server of this test run, for tests that restart it; only {@link #ON_POSTGRES}. */
    static org.rasterhub.portal.db.ThrowawayPostgres postgresServer() {
        if (!ON_POSTGRES) {
            throw new IllegalStateException("no PostgreSQL server: run with rasterhub.it.database=postgres");
        }
        return Postgres.SERVER;
    }

    /** This portal's PostgreSQL database, for tests that break what it stores; only {@link #ON_POSTGRES}. */
    public javax.sql.DataSource database() {
        if (!ON_POSTGRES) {
            throw new IllegalStateException("the portal keeps its H2 file to itself; run with rasterhub.it.database=postgres");
        }
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setUrl(Postgres.databaseOf(home));
        dataSource.setUser(Postgres.SERVER.user());
        return dataSource;
    }

    public Path home() {
        return home;
    }

    /** Where the portal keeps the blob with this SHA-256 (hex). */
    public Path blob(String sha256) {
        return home().resolve("blobs/sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        // HTTP/1.1, as RestClient: a health check that times out on an h2c stream deadlocked Grizzly.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(STARTUP_LIMIT);
        String lastAnswer = "none";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the portal exited with " + process.exitValue() + "; log: " + log);
            }
            String output = Files.exists(log) ? Files.readString(log) : "";
            if (output.contains("Exception during lifecycle processing") || output.contains("CDI deployment failure")) {
                throw new IllegalStateException("the portal failed to deploy; log: " + log);
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/api/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
                lastAnswer = health.statusCode() + " " + health.body();
            } catch (IOException notYetListening) {
                lastAnswer = notYetListening.toString(); // keep waiting
            }
            Thread.sleep(500);
        }
        Path threads = log.resolveSibling(log.getFileName() + ".threads");
        try {
            // What the portal was doing instead of answering: for whoever reads the failure.
            new ProcessBuilder("jcmd", Long.toString(process.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(threads.toFile()).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no jcmd: the log alone must do
        }
        throw new IllegalStateException("no HTTP 200 from /api/health within " + STARTUP_LIMIT + " (last answer: "
                + lastAnswer + "); log: " + log + ", threads: " + threads + "\n" + diagnosis(threads));
    }

    /**
     * The start-up thread's stack, the stacks in RasterHub's own code and the log's last lines, for the
     * failure message: CI prints that message, and keeps neither the log nor the thread dump.
     */
    private String diagnosis(Path threads) throws IOException {
        StringBuilder text = new StringBuilder();
        if (Files.exists(threads)) {
            for (String stack : Files.readString(threads).split("\n\n")) {
                if (stack.startsWith("\"main\"") || stack.contains("org.rasterhub")) {
                    text.append(stack.lines().limit(40).collect(java.util.stream.Collectors.joining("\n"))).append("\n\n");
                }
            }
        }
        if (Files.exists(log)) {
            java.util.List<String> lines = Files.readAllLines(log).stream()
                    .map(line -> line.replaceAll("\u001B\\[[0-9;]*m", "")).filter(line -> !line.isBlank()).toList();
            text.append("last log lines:\n").append(String.join("\n", lines.subList(Math.max(0, lines.size() - 25),
                    lines.size())));
        }
        return text.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Kills the JVM at once (SIGKILL), as a power cut or the OOM killer would: no shutdown hooks run. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The runner process this portal started and supervises (embedded mode), waiting a while for it. */
    public ProcessHandle runner() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            java.util.Optional<ProcessHandle> runner = process.descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("org.rasterhub.runner.node.RunnerMain"))
                    .findFirst();
            if (runner.isPresent()) {
                return runner.get();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the portal started no runner process; log: " + log);
    }

    /**
     * Starts a runner node of this portal's data folder and database on its own, as {@code
     * scripts/start-runner.sh} on another machine would (cluster mode); its log goes to the work folder.
     */
    public Process startRunner(String name, java.util.Map<String, String> environment) throws IOException {
        Path root = Path.of(System.getProperty("rasterhub.it.root", "..")).toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("scripts/start-runner.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(WORK.resolve("runner-" + name + ".log").toFile()));
        builder.environment().put("RASTERHUB_HOME", home.toString());
        builder.environment().put("RASTERHUB_NODE", name);
        if (ON_POSTGRES) {
            builder.environment().put("RASTERHUB_DB_URL", Postgres.databaseOf(home));
            builder.environment().put("RASTERHUB_DB_USER", Postgres.SERVER.user());
        }
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Kills the runner process with SIGKILL, as a native crash or the OOM killer would. */
    public long killRunner() throws InterruptedException {
        ProcessHandle runner = runner();
        runner.destroyForcibly();
        runner.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        return runner.pid();
    }

    /**
     * Sends the runner process SIGSEGV, the signal of a crash in native code: its JVM takes its
     * fatal-error path (a crash report, then exit) as when ONNX Runtime or GDAL faults.
     */
    public long crashRunner() throws IOException, InterruptedException {
        ProcessHandle runner = runner();
        Process kill = new ProcessBuilder("kill", "-SEGV", Long.toString(runner.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -SEGV " + runner.pid() + " failed");
        }
        runner.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        return runner.pid();
    }

    /** Stops the portal as a user would (SIGTERM); it stops its runner. */
    @Override
    public void close() throws InterruptedException {
        java.util.List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
