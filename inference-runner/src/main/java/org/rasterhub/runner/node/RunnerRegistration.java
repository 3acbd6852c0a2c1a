package org.rasterhub.runner.node;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.rasterhub.runner.engine.InferenceModels;

/**
 * The runner's row in {@code runner_node}: what it has (threads, GPU ids, engines, heap), and a
 * heartbeat written in database time every few seconds, from which the portal's Runners page and
 * pre-flight judge which runners are online. A database that is briefly away (restarting) costs a
 * few missed beats, logged, never the runner.
 */
final class RunnerRegistration implements AutoCloseable {
    /** How often the runner beats; the portal calls a runner silent for three beats offline. */
    static final long BEAT_SECONDS = 5;
    private static final System.Logger LOG = System.getLogger(RunnerRegistration.class.getName());

    private final DataSource dataSource;
    private final RunnerSettings settings;
    private final String engines;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "runner-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    RunnerRegistration(DataSource dataSource, RunnerSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.engines = InferenceModels.enginesHere().stream().map(e -> e.name().toLowerCase(Locale.ROOT))
                .sorted().collect(Collectors.joining(","));
    }

    /**
     * Registers (started anew), waiting while the schema is not there yet (a runner node started
     * before any portal migrated the database), then beats in the background.
     */
    void start() throws InterruptedException {
        while (true) {
            try {
                register(true);
                break;
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "runner {0}: cannot register yet ({1}); is a portal of version 19 or later"
                        + " running on this database? Trying again in {2} s", settings.name(), e.getMessage(), BEAT_SECONDS);
                Thread.sleep(TimeUnit.SECONDS.toMillis(BEAT_SECONDS));
            }
        }
        beats.scheduleWithFixedDelay(() -> {
            try {
                register(false);
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "runner {0}: heartbeat not recorded: {1}", settings.name(), e.getMessage());
            }
        }, BEAT_SECONDS, BEAT_SECONDS, TimeUnit.SECONDS);
    }

    private void register(boolean started) throws SQLException {
        String gpus = settings.gpus().stream().map(String::valueOf).collect(Collectors.joining(","));
        long heap = Runtime.getRuntime().maxMemory();
        try (Connection connection = dataSource.getConnection()) {
            int updated;
            try (PreparedStatement update = connection.prepareStatement("UPDATE runner_node SET threads = ?, gpus = ?,"
                    + " engines = ?, max_heap_bytes = ?, heartbeat_at = CURRENT_TIMESTAMP"
                    + (started ? ", started_at = CURRENT_TIMESTAMP" : "") + " WHERE name = ?")) {
                update.setInt(1, settings.threads());
                update.setString(2, gpus);
                update.setString(3, engines);
                update.setLong(4, heap);
                update.setString(5, settings.name());
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runner_node (name, threads,"
                        + " gpus, engines, max_heap_bytes, started_at, heartbeat_at)"
                        + " VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
                    insert.setString(1, settings.name());
                    insert.setInt(2, settings.threads());
                    insert.setString(3, gpus);
                    insert.setString(4, engines);
                    insert.setLong(5, heap);
                    insert.executeUpdate();
                }
            }
        }
    }

    /**
     * Other runners whose heartbeat is younger than three beats, by the database's clock; 1 when the
     * database cannot say (better a helper job nobody takes than a run nobody helps).
     */
    int othersOnline() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT heartbeat_at, CURRENT_TIMESTAMP"
                     + " FROM runner_node WHERE name <> ?")) {
            select.setString(1, settings.name());
            int online = 0;
            try (java.sql.ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long silentMillis = rows.getTimestamp(2).getTime() - rows.getTimestamp(1).getTime();
                    online += silentMillis <= TimeUnit.SECONDS.toMillis(3 * BEAT_SECONDS) ? 1 : 0;
                }
            }
            return online;
        } catch (SQLException e) {
            return 1;
        }
    }

    @Override
    public void close() {
        beats.shutdownNow();
    }
}
