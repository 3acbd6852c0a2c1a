package org.rasterhub.portal.catalog.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The {@code search_change} table: one entry per item whose index rows changed or went, written in
 * the transaction of the change. The memory index of every portal node reads the entries it has not
 * applied before each search ({@link CatalogSearchEngine}).
 *
 * <p>Sequence numbers are handed out when a transaction writes, not when it commits, so an entry can
 * become visible after a higher one was read. A reader therefore notes the numbers missing below the
 * highest it has read (gaps: a transaction still running, or one rolled back) and looks for them
 * again on later reads, for {@link #LATE_COMMIT_WINDOW}. The index writes come last in each
 * transaction, just before its commit, so a late entry shows within moments.
 */
public final class SearchChangeLog {
    /** How long a missing sequence number is looked for: how late a change may commit and still be seen. */
    public static final Duration LATE_COMMIT_WINDOW = Duration.ofMinutes(10);
    /** Entries older than this are deleted; a node that has not read the log for half as long reloads. */
    public static final Duration KEPT_FOR = Duration.ofDays(1);

    private SearchChangeLog() {
    }

    /** One entry: the change with this sequence number concerns this item. */
    public record Change(long seq, long itemId) {
    }

    /** Records that these items' index rows changed (or went), on the caller's connection. */
    static void record(Connection connection, Collection<Long> itemIds) throws SQLException {
        if (itemIds.isEmpty()) {
            return;
        }
        OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO search_change (item_id, changed_at) VALUES (?, ?)")) {
            for (long itemId : itemIds) {
                insert.setLong(1, itemId);
                insert.setObject(2, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The highest sequence number written so far, 0 for none: where a reader that loaded everything starts. */
    static long lastSeq(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT MAX(seq) FROM search_change");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Entries above {@code afterSeq} in sequence order. */
    static List<Change> after(Connection connection, long afterSeq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, item_id FROM search_change"
                + " WHERE seq > ? ORDER BY seq")) {
            select.setLong(1, afterSeq);
            return changes(select);
        }
    }

    /** Entries numbered from {@code first} to {@code last}, both included, in sequence order. */
    static List<Change> between(Connection connection, long first, long last) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, item_id FROM search_change"
                + " WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
            select.setLong(1, first);
            select.setLong(2, last);
            return changes(select);
        }
    }

    private static List<Change> changes(PreparedStatement select) throws SQLException {
        List<Change> changes = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                changes.add(new Change(rows.getLong(1), rows.getLong(2)));
            }
        }
        return changes;
    }

    /** Deletes entries written before {@code before}; returns how many. */
    static int prune(Connection connection, Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM search_change WHERE changed_at < ?")) {
            delete.setObject(1, before.atOffset(ZoneOffset.UTC));
            return delete.executeUpdate();
        }
    }
}
