package org.rasterhub.portal.catalog.search;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.Session;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.Sharing;

/**
 * Keeps {@code search_item}, {@code search_term} and {@code search_tag} in step with the catalog.
 * Writes go through the caller's connection, so they commit or roll back with the change they index.
 * Rows of a deleted item go with it (ON DELETE CASCADE).
 */
public final class SearchIndex {
    private static final System.Logger LOG = System.getLogger(SearchIndex.class.getName());
    private static final int CHUNK = 500;

    private SearchIndex() {
    }

    /**
     * Indexes an item as it is now, in the entity manager's transaction; call after every change to it
     * (its words, latest version, owner, sharing or modification time).
     */
    public static void update(EntityManager entityManager, CatalogItem item) {
        SearchDocument document = SearchDocument.of(item);
        entityManager.flush(); // the item's rows must exist before the index rows that reference them
        entityManager.unwrap(Session.class).doWork(connection -> write(connection, List.of(document)));
    }

    /** Replaces the index entries of these items. */
    public static void write(Connection connection, Collection<SearchDocument> documents) throws SQLException {
        write(connection, documents, true);
    }

    private static void write(Connection connection, Collection<SearchDocument> documents, boolean replace)
            throws SQLException {
        if (documents.isEmpty()) {
            return;
        }
        try (PreparedStatement deleteItem = connection.prepareStatement("DELETE FROM search_item WHERE item_id = ?");
             PreparedStatement deleteTerms = connection.prepareStatement("DELETE FROM search_term WHERE item_id = ?");
             PreparedStatement deleteTags = connection.prepareStatement("DELETE FROM search_tag WHERE item_id = ?");
             PreparedStatement item = connection.prepareStatement("INSERT INTO search_item (item_id, owner, sharing,"
                     + " modified_at, title_key, version_number, model_type, framework, class_count)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement term = connection.prepareStatement(
                     "INSERT INTO search_term (term, item_id, weight) VALUES (?, ?, ?)");
             PreparedStatement tag = connection.prepareStatement(
                     "INSERT INTO search_tag (tag, item_id) VALUES (?, ?)")) {
            for (SearchDocument document : documents) {
                for (PreparedStatement delete : replace ? List.of(deleteItem, deleteTerms, deleteTags)
                        : List.<PreparedStatement>of()) {
                    delete.setLong(1, document.itemId());
                    delete.addBatch();
                }
                item.setLong(1, document.itemId());
                item.setString(2, document.owner());
                item.setString(3, document.sharing().name());
                item.setObject(4, document.modified().atOffset(ZoneOffset.UTC));
                item.setString(5, titleKey(document.title()));
                item.setInt(6, document.version());
                item.setString(7, document.modelType());
                item.setString(8, document.framework());
                item.setInt(9, document.classNames().size());
                item.addBatch();
                for (var entry : document.terms().entrySet()) {
                    term.setString(1, entry.getKey());
                    term.setLong(2, document.itemId());
                    term.setInt(3, entry.getValue());
                    term.addBatch();
                }
                for (String lowerTag : document.tags().stream().map(SearchIndex::tagKey).distinct().toList()) {
                    tag.setString(1, lowerTag);
                    tag.setLong(2, document.itemId());
                    tag.addBatch();
                }
            }
            for (PreparedStatement statement : List.of(deleteItem, deleteTerms, deleteTags, item, term, tag)) {
                statement.executeBatch();
            }
        }
        SearchChangeLog.record(connection, documents.stream().map(SearchDocument::itemId).toList());
    }

    /**
     * Records that an item was deleted, in the entity manager's transaction: its index rows go with it
     * (ON DELETE CASCADE), and the memory indexes of the portal nodes learn of it from the change log.
     */
    public static void removed(EntityManager entityManager, long itemId) {
        entityManager.unwrap(Session.class).doWork(connection -> SearchChangeLog.record(connection, List.of(itemId)));
    }

    /**
     * Indexes every item that has no entry yet: all of them right after the migration that made the
     * index, none on a later start. On a connection without auto-commit it commits after each chunk of
     * {@value #CHUNK} items, so a large catalog is indexed in bounded memory and an interrupted run
     * goes on where it stopped.
     *
     * @return how many items were indexed
     */
    public static int indexMissing(Connection connection) throws SQLException {
        List<Long> missing = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT i.id FROM catalog_item i WHERE NOT EXISTS"
                + " (SELECT 1 FROM search_item s WHERE s.item_id = i.id) ORDER BY i.id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                missing.add(rows.getLong(1));
            }
        }
        for (int from = 0; from < missing.size(); from += CHUNK) {
            write(connection, load(connection, missing.subList(from, Math.min(missing.size(), from + CHUNK))), false);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
        if (!missing.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "search index filled items={0}", missing.size());
        }
        return missing.size();
    }

    /**
     * Copies owner, sharing and modification time from every item whose index row differs: a safety
     * net run at start, so that a change that missed {@link #update} cannot outlive a restart.
     *
     * @return how many rows were corrected
     */
    public static int syncFacts(Connection connection) throws SQLException {
        List<Long> stale = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT s.item_id FROM search_item s"
                + " JOIN catalog_item i ON i.id = s.item_id"
                + " WHERE i.owner <> s.owner OR i.sharing <> s.sharing OR i.modified_at <> s.modified_at");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                stale.add(rows.getLong(1));
            }
        }
        if (stale.isEmpty()) {
            return 0;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE search_item s"
                + " SET (owner, sharing, modified_at) = (SELECT i.owner, i.sharing, i.modified_at FROM catalog_item i"
                + " WHERE i.id = s.item_id) WHERE EXISTS (SELECT 1 FROM catalog_item i WHERE i.id = s.item_id"
                + " AND (i.owner <> s.owner OR i.sharing <> s.sharing OR i.modified_at <> s.modified_at))")) {
            int corrected = update.executeUpdate();
            SearchChangeLog.record(connection, stale);
            LOG.log(System.Logger.Level.WARNING, "search index facts corrected items={0}", corrected);
            return corrected;
        }
    }

    /** The lower-case title the title sort uses. */
    static String titleKey(String title) {
        String key = title.strip().toLowerCase(Locale.ROOT);
        return key.length() > 200 ? key.substring(0, 200) : key;
    }

    /** Tags are compared ignoring case. */
    static String tagKey(String tag) {
        return tag.strip().toLowerCase(Locale.ROOT);
    }

    /** Documents of these items read with plain SQL, for filling the index without entities. */
    private static List<SearchDocument> load(Connection connection, List<Long> ids) throws SQLException {
        String in = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        Map<Long, Object[]> texts = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, title, summary, description, owner,"
                + " sharing, modified_at FROM catalog_item WHERE id IN (" + in + ")")) {
            bind(select, ids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    texts.put(rows.getLong(1), new Object[] {rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), Sharing.valueOf(rows.getString(6)),
                            rows.getObject(7, OffsetDateTime.class).toInstant()});
                }
            }
        }
        Map<Long, List<String>> tags = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT item_id, tag FROM item_tag WHERE item_id IN (" + in + ")")) {
            bind(select, ids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    tags.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
        Map<Long, Object[]> latest = new HashMap<>(); // item → version id, number, model type, framework
        try (PreparedStatement select = connection.prepareStatement("SELECT v.item_id, v.id, v.version_number,"
                + " v.model_type, v.framework FROM item_version v WHERE v.item_id IN (" + in + ") AND v.version_number ="
                + " (SELECT MAX(w.version_number) FROM item_version w WHERE w.item_id = v.item_id)")) {
            bind(select, ids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    latest.put(rows.getLong(1), new Object[] {rows.getLong(2), rows.getInt(3), rows.getString(4),
                            rows.getString(5)});
                }
            }
        }
        Map<Long, List<String>> classes = new HashMap<>(); // version id → class names in order
        List<Long> versionIds = latest.values().stream().map(v -> (Long) v[0]).toList();
        if (!versionIds.isEmpty()) {
            try (PreparedStatement select = connection.prepareStatement("SELECT version_id, name FROM model_class"
                    + " WHERE version_id IN (" + String.join(",", java.util.Collections.nCopies(versionIds.size(), "?"))
                    + ") ORDER BY version_id, list_index")) {
                bind(select, versionIds);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        classes.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(rows.getString(2));
                    }
                }
            }
        }
        List<SearchDocument> documents = new ArrayList<>();
        for (var entry : texts.entrySet()) {
            Object[] version = latest.get(entry.getKey());
            if (version == null) {
                continue; // an item without a version is half made: nothing to list
            }
            Object[] item = entry.getValue();
            documents.add(new SearchDocument(entry.getKey(), (String) item[0], (String) item[1], (String) item[2],
                    tags.getOrDefault(entry.getKey(), List.of()), classes.getOrDefault((Long) version[0], List.of()),
                    (String) item[3], (Sharing) item[4], (Instant) item[5], (Integer) version[1], (String) version[2],
                    (String) version[3]));
        }
        return documents;
    }

    private static void bind(PreparedStatement statement, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            statement.setLong(i + 1, ids.get(i));
        }
    }
}
