package org.rasterhub.portal.catalog.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rasterhub.portal.db.ThrowawayPostgres;

/**
 * Every search test again on PostgreSQL, the database of a cluster: our migrations, the SQL index,
 * the change log and the memory index following it, held to the same answers as on H2.
 */
class PostgresCatalogSearchTest extends CatalogSearchTest {
    private static ThrowawayPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = ThrowawayPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    DataSource newDatabase() throws SQLException {
        return postgres.newDatabase();
    }

    @Test
    void theseSearchesRunOnPostgres() throws SQLException {
        try (Connection connection = newDatabase().getConnection()) {
            assertEquals("PostgreSQL", connection.getMetaData().getDatabaseProductName());
            assertEquals(15, connection.getMetaData().getDatabaseMajorVersion());
        }
    }
}
