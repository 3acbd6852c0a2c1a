package org.rasterhub.portal.catalog.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.portal.catalog.ItemAccess;
import org.rasterhub.portal.catalog.ItemSummary;

/**
 * Searches with the SQL index alone: the page, the total and the page's tags, three statements on one
 * connection. The portal answers from {@link CatalogSearchEngine}'s memory index once loaded and uses
 * this until then; tests hold the two to the same results.
 */
public final class CatalogSearch {

    private CatalogSearch() {
    }

    /** Searches on a plain connection with the SQL index alone; what the memory index is checked against. */
    public static SearchPage run(Connection connection, SearchQuery query, ItemAccess access) throws SQLException {
        SearchSql sql = SearchSql.of(query, access);
        List<SearchRow> rows = new ArrayList<>();
        long counted = -1;
        try (PreparedStatement page = prepare(connection, sql.page()); ResultSet result = page.executeQuery()) {
            while (result.next()) {
                rows.add(new SearchRow(result.getLong(1), result.getString(2), Sharing.valueOf(result.getString(3)),
                        result.getObject(4, OffsetDateTime.class).toInstant(), result.getInt(5), result.getString(6),
                        result.getString(7), result.getInt(8)));
                if (sql.pageCounts()) {
                    counted = result.getLong(9);
                }
            }
        }
        long offset = (long) query.page() * query.size();
        long total;
        if (counted >= 0) {
            total = counted;
        } else if ((query.page() == 0 || !rows.isEmpty()) && rows.size() < query.size()) {
            total = offset + rows.size(); // this page is the last one: no need to count
        } else {
            try (PreparedStatement count = prepare(connection, sql.count()); ResultSet result = count.executeQuery()) {
                result.next();
                total = result.getLong(1);
            }
        }
        return page(connection, query, total, rows);
    }

    /** A result page of these index rows, with titles, summaries and tags read from the catalog by id. */
    static SearchPage page(Connection connection, SearchQuery query, long total, List<SearchRow> rows)
            throws SQLException {
        List<Long> ids = rows.stream().map(SearchRow::id).toList();
        Map<Long, String[]> texts = texts(connection, ids);
        Map<Long, List<String>> tags = tags(connection, ids);
        List<ItemSummary> items = rows.stream().map(r -> new ItemSummary(r.id(), texts.get(r.id())[0],
                texts.get(r.id())[1], tags.getOrDefault(r.id(), List.of()), r.sharing(), r.owner(), r.version(),
                r.modelType(), r.framework(), r.classCount(), r.modified())).toList();
        return new SearchPage(total, query.page(), query.size(), items);
    }

    /** What the filters can offer this caller. */
    static SearchFacets facets(Connection connection, ItemAccess access) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String visible = access.viewableSql("s", "item_id", parameters);
        List<String> modelTypes = new ArrayList<>();
        List<String> frameworks = new ArrayList<>();
        String sql = "SELECT DISTINCT s.model_type, s.framework FROM search_item s WHERE " + visible;
        try (PreparedStatement select = prepare(connection, new SearchSql.Statement(sql, parameters));
             ResultSet rows = select.executeQuery()) {
            java.util.TreeSet<String> types = new java.util.TreeSet<>();
            java.util.TreeSet<String> names = new java.util.TreeSet<>();
            while (rows.next()) {
                types.add(rows.getString(1));
                if (rows.getString(2) != null) {
                    names.add(rows.getString(2));
                }
            }
            modelTypes.addAll(types);
            frameworks.addAll(names);
        }
        return new SearchFacets(modelTypes, frameworks);
    }

    /** Title and summary of the page's items, read by id. */
    private static Map<Long, String[]> texts(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, String[]> texts = new HashMap<>();
        if (ids.isEmpty()) {
            return texts;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT id, title, summary FROM catalog_item"
                + " WHERE id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                select.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    texts.put(rows.getLong(1), new String[] {rows.getString(2), rows.getString(3)});
                }
            }
        }
        return texts;
    }

    private static Map<Long, List<String>> tags(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, List<String>> tags = new HashMap<>();
        if (ids.isEmpty()) {
            return tags;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT item_id, tag FROM item_tag WHERE item_id"
                + " IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                select.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    tags.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
        tags.values().forEach(Collections::sort); // as CatalogItem.tags() lists them
        return tags;
    }

    private static PreparedStatement prepare(Connection connection, SearchSql.Statement statement)
            throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement.sql());
        for (int i = 0; i < statement.parameters().size(); i++) {
            prepared.setObject(i + 1, statement.parameters().get(i));
        }
        return prepared;
    }
}
