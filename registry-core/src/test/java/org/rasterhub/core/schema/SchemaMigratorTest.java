package org.rasterhub.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigratorTest {
    @TempDir Path tmp;

    @Test
    void listedMigrationsAreExactlyTheFilesInTheSqlFolder() throws IOException {
        Path sqlDir = Path.of(System.getProperty("rasterhub.sqlDir", "../sql"));
        try (Stream<Path> files = Files.list(sqlDir)) {
            List<String> onDisk = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql")).sorted().toList();
            assertEquals(onDisk, SchemaMigrator.MIGRATIONS.stream().sorted().toList());
        }
    }

    @Test
    void migratesAFreshDatabaseOnceAndThenDoesNothing() throws Exception {
        JdbcDataSource db = database();
        assertEquals(SchemaMigrator.MIGRATIONS.size(), new SchemaMigrator(db).migrate());
        assertEquals(0, new SchemaMigrator(db).migrate());
        try (var c = db.getConnection(); var s = c.createStatement();
             var r = s.executeQuery("SELECT COUNT(*) FROM catalog_item")) {
            assertTrue(r.next());
            assertEquals(0, r.getLong(1));
        }
    }

    @Test
    void refusesADatabaseWhoseAppliedMigrationWasEdited() throws Exception {
        JdbcDataSource db = database();
        new SchemaMigrator(db).migrate();
        try (var c = db.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345 WHERE \"version\" = '1'");
        }
        var failure = assertThrows(IllegalStateException.class, () -> new SchemaMigrator(db).migrate());
        assertTrue(failure.getMessage().contains("was changed after it was applied"), failure.getMessage());
        assertTrue(failure.getMessage().contains("version 1"), failure.getMessage());
    }

    @Test
    void takesOverADatabaseOfTheEarlierMigratorAtTheVersionItReached() throws Exception {
        JdbcDataSource db = database();
        // What the migrator before Flyway left: its history table, and the schema up to V3.
        try (var c = db.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE TABLE schema_history (version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL,"
                    + " checksum CHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            for (int v = 1; v <= 3; v++) {
                for (String sql : scriptOf(SchemaMigrator.MIGRATIONS.get(v - 1))) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_history VALUES (" + v + ", 'x', '" + "0".repeat(64)
                        + "', CURRENT_TIMESTAMP)");
            }
        }

        assertEquals(SchemaMigrator.MIGRATIONS.size() - 3, new SchemaMigrator(db).migrate());

        try (var c = db.getConnection(); var s = c.createStatement();
             var r = s.executeQuery("SELECT COUNT(*) FROM inference_run")) {
            assertTrue(r.next(), "V5's table exists: the migrations after V3 ran");
        }
    }

    private static List<String> scriptOf(String name) throws IOException {
        try (var in = SchemaMigrator.class.getResourceAsStream(SchemaMigrator.RESOURCE_FOLDER + name)) {
            List<String> statements = new java.util.ArrayList<>();
            for (String statement : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replaceAll("(?m)^\\s*--.*$", "").split(";\\s*(\\R|$)")) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip());
                }
            }
            return statements;
        }
    }

    private JdbcDataSource database() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:file:" + tmp.resolve("db").toAbsolutePath());
        db.setUser("sa");
        return db;
    }
}
