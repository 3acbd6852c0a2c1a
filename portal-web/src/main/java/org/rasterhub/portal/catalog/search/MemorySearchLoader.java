package org.rasterhub.portal.catalog.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rasterhub.core.catalog.Sharing;

/**
 * Reads the SQL search index into a {@link MemorySearchIndex}: all of it when a node starts, or the
 * items the change log names. The SQL tables stay the truth; the memory index is a copy of them.
 */
final class MemorySearchLoader {
    private static final int CHUNK = 500;
    /** Items whose term rows one statement reads while loading: about 50,000 rows. */
    private static final int ITEMS_PER_READ = 1000;
    private static final String ITEM_COLUMNS = "item_id, owner, sharing, modified_at, title_key, version_number,"
            + " model_type, framework, class_count";

    private MemorySearchLoader() {
    }

    /**
     * About how much heap the SQL index would take in memory: measured at ~13.4 bytes a term row
     * and item together at 100,000 items (50 term rows each), rounded up.
     */
    static long estimatedBytes(Connection connection) throws SQLException {
        long terms;
        long items;
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT (SELECT COUNT(*) FROM search_term),"
                     + " (SELECT COUNT(*) FROM search_item)")) {
            rows.next();
            terms = rows.getLong(1);
            items = rows.getLong(2);
        }
        return terms * 14 + items * 200;
    }

    /** Everything in the SQL index, into a new memory index; reads the term rows a part at a time. */
    static MemorySearchIndex loadAll(Connection connection) throws SQLException {
        Map<Long, List<String>> tags = new HashMap<>();
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT item_id, tag FROM search_tag")) {
            while (rows.next()) {
                tags.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>(4)).add(rows.getString(2));
            }
        }
        Map<Long, long[]> groups = groups(connection, null);
        MemorySearchIndex index = new MemorySearchIndex();
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT " + ITEM_COLUMNS + " FROM search_item ORDER BY item_id")) {
            while (rows.next()) {
                index.load(item(rows, tags, groups, Map.of()));
            }
        }
        // Term rows by ranges of item ids through the item index: bounded memory on either database,
        // and no long-lived lazy cursor (H2 2.2 lost MVStore chunks under one over 5 million rows).
        try (PreparedStatement select = connection.prepareStatement("SELECT term, item_id, weight FROM search_term"
                + " WHERE item_id BETWEEN ? AND ?")) {
            long highest = index.highestItemId();
            for (long from = 0; from <= highest; from += ITEMS_PER_READ) {
                select.setLong(1, from);
                select.setLong(2, from + ITEMS_PER_READ - 1);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        index.addTerm(rows.getString(1), rows.getLong(2), rows.getInt(3));
                    }
                }
            }
        }
        return index;
    }

    /** The current index entries of these items; an item without one (deleted, or never indexed) is absent. */
    static List<MemorySearchIndex.Item> load(Connection connection, Collection<Long> itemIds) throws SQLException {
        List<MemorySearchIndex.Item> items = new ArrayList<>();
        List<Long> ids = List.copyOf(new HashSet<>(itemIds));
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            String in = " IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            Map<Long, List<String>> tags = new HashMap<>();
            try (PreparedStatement select = bound(connection, "SELECT item_id, tag FROM search_tag WHERE item_id" + in,
                    chunk); ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    tags.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(rows.getString(2));
                }
            }
            Map<Long, Map<String, Integer>> terms = new HashMap<>();
            try (PreparedStatement select = bound(connection, "SELECT item_id, term, weight FROM search_term"
                    + " WHERE item_id" + in, chunk); ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    terms.computeIfAbsent(rows.getLong(1), k -> new LinkedHashMap<>())
                            .put(rows.getString(2), rows.getInt(3));
                }
            }
            Map<Long, long[]> groups = groups(connection, chunk);
            try (PreparedStatement select = bound(connection, "SELECT " + ITEM_COLUMNS + " FROM search_item"
                    + " WHERE item_id" + in, chunk); ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    items.add(item(rows, tags, groups, terms.getOrDefault(rows.getLong(1), Map.of())));
                }
            }
        }
        return items;
    }

    private static MemorySearchIndex.Item item(ResultSet row, Map<Long, List<String>> tags, Map<Long, long[]> groups,
                                               Map<String, Integer> terms) throws SQLException {
        long id = row.getLong(1);
        return new MemorySearchIndex.Item(id, row.getString(2), Sharing.valueOf(row.getString(3)),
                row.getObject(4, OffsetDateTime.class).toInstant(), row.getString(5), row.getInt(6), row.getString(7),
                row.getString(8), row.getInt(9), tags.getOrDefault(id, List.of()),
                groups.getOrDefault(id, new long[0]), terms);
    }

    /** Item → the groups it is shared with, for all items or those given. */
    private static Map<Long, long[]> groups(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, Set<Long>> sets = new HashMap<>();
        String sql = "SELECT item_id, group_id FROM item_group" + (ids == null ? ""
                : " WHERE item_id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")");
        try (PreparedStatement select = bound(connection, sql, ids == null ? List.of() : ids);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                sets.computeIfAbsent(rows.getLong(1), k -> new HashSet<>()).add(rows.getLong(2));
            }
        }
        Map<Long, long[]> groups = new HashMap<>();
        sets.forEach((item, set) -> groups.put(item, set.stream().mapToLong(Long::longValue).toArray()));
        return groups;
    }

    private static PreparedStatement bound(Connection connection, String sql, List<Long> ids) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < ids.size(); i++) {
            statement.setLong(i + 1, ids.get(i));
        }
        return statement;
    }
}
