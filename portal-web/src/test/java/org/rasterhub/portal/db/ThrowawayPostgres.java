package org.rasterhub.portal.db;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.rasterhub.core.storage.DataFolder;

/**
 * A PostgreSQL server of its own for tests, the database a cluster of portal nodes shares: Debian's
 * PostgreSQL 15 (installed by {@code scripts/install-deps.sh --tests}), a new cluster in a temporary
 * folder on a free port, stopped and deleted on {@link #close}. PostgreSQL refuses to run as root, so
 * under root it runs as the {@code postgres} account the package creates. Locale C, as a cluster's
 * collation decides the title order SQL sorts by (see docs/architecture.md).
 */
public final class ThrowawayPostgres implements AutoCloseable {
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final String USER = "rasterhub";

    private final Path folder;
    private final int port;
    private final boolean asPostgres;
    private final AtomicInteger databases = new AtomicInteger();

    private ThrowawayPostgres(Path folder, int port, boolean asPostgres) {
        this.folder = folder;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Creates and starts the server; fails with the server's own words when it cannot. */
    public static ThrowawayPostgres start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            throw new IllegalStateException(BIN.resolve("initdb") + " is missing: run scripts/install-deps.sh --tests"
                    + " (Debian package postgresql-15)");
        }
        boolean root = "0".equals(output(List.of("id", "-u")).strip());
        Path folder = Files.createTempDirectory("rasterhub-postgres-");
        if (root) {
            run(List.of("chown", "postgres:postgres", folder.toString()));
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ThrowawayPostgres server = new ThrowawayPostgres(folder, port, root);
        server.postgres("initdb", "-D", folder.resolve("data").toString(), "-U", USER, "--auth=trust",
                "--locale=C.UTF-8", "-E", "UTF8");
        server.startServer();
        return server;
    }

    private void startServer() throws IOException, InterruptedException {
        // Durability off: a test database is thrown away, and fsync costs seconds on a busy disk.
        postgres("pg_ctl", "-D", folder.resolve("data").toString(), "-l", folder.resolve("log").toString(),
                "-w", "-o", "-p " + port + " -k " + folder + " -c listen_addresses=localhost -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off", "start");
    }

    /**
     * Stops the server as a crash would ({@code immediate}: every connection cut, no checkpoint), keeps
     * it down for {@code down}, and starts it again on the same port: for tests of a database restart.
     */
    public void crashAndRestart(java.time.Duration down) throws IOException, InterruptedException {
        postgres("pg_ctl", "-D", folder.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        Thread.sleep(down.toMillis());
        startServer();
    }

    /** A new, empty database on this server. */
    public DataSource newDatabase() throws SQLException {
        return dataSource(createDatabase());
    }

    /** Creates a new, empty database on this server. @return its name */
    public String createDatabase() throws SQLException {
        String name = "test_" + databases.incrementAndGet();
        try (Connection connection = dataSource("postgres").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** The JDBC URL of one of this server's databases; the account is {@link #user()}, no password. */
    public String url(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    private DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"localhost"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser(USER);
        return dataSource;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            postgres("pg_ctl", "-D", folder.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } finally {
            DataFolder.deleteTree(folder);
        }
    }

    private void postgres(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgres) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(BIN.resolve(program).toString());
        command.addAll(List.of(arguments));
        run(command);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        String output = output(command);
        if (output.startsWith("exit ")) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** The command's output, or "exit N: output" when it failed. */
    private static String output(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "exit timeout: " + output;
        }
        return process.exitValue() == 0 ? output : "exit " + process.exitValue() + ": " + output;
    }
}
