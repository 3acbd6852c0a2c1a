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
            s.executeUpdate("UPDATE schema_history SET checksum = '" + "0".repeat(64) + "' WHERE version = 1");
        }
        var failure = assertThrows(IllegalStateException.class, () -> new SchemaMigrator(db).migrate());
        assertTrue(failure.getMessage().contains("V1__accounts_and_catalog.sql was changed after it was applied"),
                failure.getMessage());
    }

    @Test
    void splitsStatementsOnLineEndingSemicolonsAndSkipsComments() {
        List<String> statements = SchemaMigrator.statements("""
                -- a comment; with a semicolon
                CREATE TABLE a (x INT);
                CREATE TABLE b (
                  y VARCHAR(10) DEFAULT 'a;b'
                );
                """);
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y VARCHAR(10) DEFAULT 'a;b'\n)"),
                statements);
    }

    private JdbcDataSource database() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:file:" + tmp.resolve("db").toAbsolutePath());
        db.setUser("sa");
        return db;
    }
}
