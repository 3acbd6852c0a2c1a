package org.rasterhub.core.testing;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.nio.file.Path;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.rasterhub.core.schema.SchemaMigrator;

/** A fresh H2 file database migrated with the real migrations, and Hibernate on top of it. */
public final class TestDatabase implements AutoCloseable {
    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final EntityManagerFactory entityManagerFactory;

    public TestDatabase(Path folder) {
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("test").toAbsolutePath());
        dataSource.setUser("sa");
        new SchemaMigrator(dataSource).migrate();
        entityManagerFactory = Persistence.createEntityManagerFactory("rasterhub-test", Map.of(
                "jakarta.persistence.nonJtaDataSource", dataSource));
    }

    public JdbcDataSource dataSource() {
        return dataSource;
    }

    public EntityManagerFactory entityManagerFactory() {
        return entityManagerFactory;
    }

    /** Row count of a table, straight from SQL rather than through the code under test. */
    public long rows(String table) {
        try (var connection = dataSource.getConnection();
             var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        entityManagerFactory.close();
    }
}
