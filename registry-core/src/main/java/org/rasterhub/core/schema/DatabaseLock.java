package org.rasterhub.core.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * A lock held across processes for the length of some work, on PostgreSQL an advisory lock on a
 * connection of its own. For what has no lock of its own: JobRunr creates and migrates its tables
 * without one, and two portals and their runners starting together on a new database would race it.
 * On H2 the work runs unlocked: there the portal opens the queue before it starts its runner.
 */
public final class DatabaseLock {
    private DatabaseLock() {
    }

    public static <T> T holding(DataSource dataSource, long key, Callable<T> work) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                    .contains("postgres");
            if (!postgres) {
                return work.call();
            }
            lock(connection, "SELECT pg_advisory_lock(?)", key);
            try {
                return work.call();
            } finally {
                lock(connection, "SELECT pg_advisory_unlock(?)", key);
            }
        }
    }

    private static void lock(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            statement.executeQuery().close();
        }
    }

    /** The key under which JobRunr's tables are created and migrated. */
    public static final long JOB_QUEUE_TABLES = 0x5261737465724A52L; // "RasterJR"
}
