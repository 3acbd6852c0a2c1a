package org.rasterhub.core.schema;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.rasterhub.core.storage.ContentHash;

/**
 * Brings a database to the newest schema. Each migration runs in its own transaction and is
 * recorded in {@code schema_history} with a checksum.
 */
public final class SchemaMigrator {
    private static final System.Logger LOG = System.getLogger(SchemaMigrator.class.getName());

    /**
     * The migrations in order. Listed here rather than found by scanning the class path, which
     * application servers expose in incompatible ways; a test checks this list against {@code sql/}.
     */
    public static final List<String> MIGRATIONS = List.of(
            "V1__accounts_and_catalog.sql",
            "V2__package_members_and_warnings.sql",
            "V3__item_aliases.sql",
            "V4__file_assessments.sql",
            "V5__imagery_and_runs.sql",
            "V6__run_inputs_outputs_and_features.sql",
            "V7__server_folder_rasters.sql",
            "V8__sharing_groups_tokens.sql",
            "V9__search_index.sql",
            "V10__layer_items.sql",
            "V11__search_change_log.sql",
            "V12__account_disabled.sql",
            "V13__account_name_ignoring_case.sql",
            "V14__group_invitations.sql",
            "V15__layer_thumbnails.sql",
            "V16__model_contracts.sql",
            "V17__run_row_version.sql");

    static final String RESOURCE_FOLDER = "/org/rasterhub/sql/";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([a-z0-9_]+)\\.sql");

    private final DataSource dataSource;

    public SchemaMigrator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Applies the migrations not yet applied.
     *
     * @return how many were applied now
     * @throws IllegalStateException if an applied migration was changed since, or one fails
     */
    public int migrate() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            createHistoryTable(connection);
            Map<Integer, String> applied = appliedChecksums(connection);
            int count = 0;
            for (String name : MIGRATIONS) {
                Migration migration = load(name);
                String recorded = applied.get(migration.version());
                if (recorded != null) {
                    if (!recorded.equals(migration.checksum())) {
                        throw new IllegalStateException("migration " + name + " was changed after it was applied"
                                + " (recorded checksum " + recorded + ", file " + migration.checksum()
                                + "); add a new migration instead of editing an applied one");
                    }
                    continue;
                }
                apply(connection, migration);
                count++;
            }
            return count;
        } catch (SQLException e) {
            throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
        }
    }

    private static void createHistoryTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_history ("
                    + " version INTEGER PRIMARY KEY,"
                    + " description VARCHAR(200) NOT NULL,"
                    + " checksum CHAR(64) NOT NULL,"
                    + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        connection.commit();
    }

    private static Map<Integer, String> appliedChecksums(Connection connection) throws SQLException {
        Map<Integer, String> applied = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, checksum FROM schema_history")) {
            while (rows.next()) {
                applied.put(rows.getInt(1), rows.getString(2).trim());
            }
        }
        return applied;
    }

    private static void apply(Connection connection, Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : migration.statements()) {
                statement.execute(sql);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO schema_history (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                insert.setInt(1, migration.version());
                insert.setString(2, migration.description());
                insert.setString(3, migration.checksum());
                insert.setTimestamp(4, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            connection.commit();
            LOG.log(Level.INFO, "schema migration applied version={0} description={1}",
                    migration.version(), migration.description());
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("migration " + migration.name() + " failed: " + e.getMessage(), e);
        }
    }

    static Migration load(String name) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            throw new IllegalStateException("migration file name must look like V2__add_runs.sql: " + name);
        }
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(RESOURCE_FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("migration " + name + " is listed but not packaged");
            }
            byte[] bytes = in.readAllBytes();
            var digest = ContentHash.newDigest();
            String checksum = HexFormat.of().formatHex(digest.digest(bytes));
            return new Migration(name, Integer.parseInt(matcher.group(1)), matcher.group(2), checksum,
                    statements(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + name, e);
        }
    }

    /** Splits a script on semicolons that end a line; comments are whole lines starting with "--". */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    record Migration(String name, int version, String description, String checksum, List<String> statements) {
    }
}
