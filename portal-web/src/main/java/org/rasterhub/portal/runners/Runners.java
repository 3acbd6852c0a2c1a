package org.rasterhub.portal.runners;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The runner processes registered in {@code runner_node} (each writes its own row), judged by the
 * database's clock: online while their heartbeat is younger than {@link #SILENT}. Joined with the
 * runs they work, for the Runners page, the REST API and pre-flight.
 */
@ApplicationScoped
public class Runners {
    /** Three missed heartbeats (a runner beats every 5 s). */
    static final Duration SILENT = Duration.ofSeconds(15);
    /** Runners gone this long drop off the list (a node renamed, or retired). */
    static final Duration FORGOTTEN = Duration.ofDays(1);

    private final DataSource dataSource;

    @Inject
    public Runners(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    protected Runners() {
        this(null); // for the CDI proxy only
    }

    /** Every runner seen in the last day, online ones first, then by name. */
    public List<RunnerStatus> list() {
        String sql = "SELECT n.name, n.threads, n.gpus, n.engines, n.max_heap_bytes, n.started_at, n.heartbeat_at,"
                + " CURRENT_TIMESTAMP AS now,"
                + " (SELECT COUNT(*) FROM inference_run s WHERE s.node = n.name AND s.status = 'SUCCEEDED') AS succeeded,"
                + " (SELECT COUNT(*) FROM run_unit u WHERE u.node = n.name AND u.state = 'DONE') AS units_done"
                + " FROM runner_node n ORDER BY n.name";
        List<RunnerStatus> runners = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Instant now = instant(rows.getTimestamp("now"));
                Instant beat = instant(rows.getTimestamp("heartbeat_at"));
                Duration silent = Duration.between(beat, now);
                if (silent.compareTo(FORGOTTEN) > 0) {
                    continue;
                }
                String name = rows.getString("name");
                boolean online = silent.compareTo(SILENT) <= 0;
                Optional<Running> running = online ? running(connection, name) : Optional.empty();
                RunnerStatus.Unit unit = online ? unit(connection, name) : null;
                runners.add(new RunnerStatus(name, silent.compareTo(SILENT) > 0 ? "OFFLINE" : "ONLINE",
                        rows.getInt("threads"), ids(rows.getString("gpus")), names(rows.getString("engines")),
                        rows.getLong("max_heap_bytes"), instant(rows.getTimestamp("started_at")), beat,
                        Math.max(0, silent.toSeconds()), running.map(Running::id).orElse(null),
                        running.map(Running::tilesDone).orElse(null), running.map(Running::tilesTotal).orElse(null),
                        running.map(r -> r.perSecond(now)).orElse(null), rows.getLong("succeeded"), unit,
                        rows.getLong("units_done")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the runners: " + e.getMessage(), e);
        }
        runners.sort((a, b) -> a.online() != b.online() ? (a.online() ? -1 : 1) : a.name().compareTo(b.name()));
        return runners;
    }

    /** The online runners. */
    public List<RunnerStatus> online() {
        return list().stream().filter(RunnerStatus::online).toList();
    }

    private record Running(long id, int tilesDone, int tilesTotal, Instant startedAt) {
        Double perSecond(Instant now) {
            double seconds = Duration.between(startedAt, now).toMillis() / 1000.0;
            return startedAt == null || seconds <= 0 ? null : Math.round(tilesDone / seconds * 10) / 10.0;
        }
    }

    private static Optional<Running> running(Connection connection, String node) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, tiles_done, tiles_total, started_at"
                + " FROM inference_run WHERE node = ? AND status = 'RUNNING' ORDER BY started_at DESC")) {
            select.setString(1, node);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new Running(rows.getLong(1), rows.getInt(2), rows.getInt(3),
                        instant(rows.getTimestamp(4)))) : Optional.empty();
            }
        }
    }

    // The unit it works now, of a run still running (a unit a dead worker left RUNNING is not its).
    private static RunnerStatus.Unit unit(Connection connection, String node) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT u.run_id, u.unit_index,"
                + " (SELECT COUNT(*) FROM run_unit a WHERE a.run_id = u.run_id) FROM run_unit u"
                + " JOIN inference_run r ON r.id = u.run_id WHERE u.node = ? AND u.state = 'RUNNING'"
                + " AND r.status = 'RUNNING' ORDER BY u.heartbeat_at DESC")) {
            select.setString(1, node);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new RunnerStatus.Unit(rows.getLong(1), rows.getInt(2), rows.getInt(3)) : null;
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static List<Integer> ids(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(Integer::valueOf).toList();
    }

    private static List<String> names(String csv) {
        return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
    }
}
