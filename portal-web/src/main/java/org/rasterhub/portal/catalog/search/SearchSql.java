package org.rasterhub.portal.catalog.search;

import java.util.ArrayList;
import java.util.List;
import org.rasterhub.portal.catalog.ItemAccess;

/**
 * The SQL of one search, in the dialect H2 and PostgreSQL share: a page of summary rows and the
 * total. Words are looked up in {@code search_term} through its primary key (term, item_id); an
 * item must contain every word, and its score adds up the weights of the fields each word is in
 * (an exact word counts twice what a word it only begins counts). Visibility is part of the WHERE
 * clause, so neither the page nor the total can include an item the caller may not see.
 *
 * @param page  columns: id, title, summary, sharing, owner, modified_at, version_number, model_type,
 *              framework, class_count
 * @param count one row, one column: the number of matches
 */
public record SearchSql(Statement page, Statement count) {

    /** SQL text and its parameters in order. */
    public record Statement(String sql, List<Object> parameters) {
        public Statement {
            parameters = List.copyOf(parameters);
        }
    }

    public static SearchSql of(SearchQuery query, ItemAccess access) {
        List<Object> matchParameters = new ArrayList<>();
        String matches = matches(query, matchParameters);

        List<Object> whereParameters = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE ").append(access.viewableSql("i", whereParameters));
        boolean needsFacts = query.modelType() != null || query.framework() != null;
        if (query.modelType() != null) {
            where.append(" AND s.model_type = ?");
            whereParameters.add(query.modelType());
        }
        if (query.framework() != null) {
            where.append(" AND s.framework = ?");
            whereParameters.add(query.framework());
        }
        if (query.owner() != null) {
            where.append(" AND i.owner = ?");
            whereParameters.add(query.owner());
        }
        if (query.sharing() != null) {
            where.append(" AND i.sharing = ?");
            whereParameters.add(query.sharing().name());
        }
        if (query.tag() != null) {
            where.append(" AND i.id IN (SELECT t.item_id FROM search_tag t WHERE t.tag = ?)");
            whereParameters.add(SearchIndex.tagKey(query.tag()));
        }

        String from = matches == null
                ? " FROM catalog_item i"
                : " FROM (" + matches + ") m JOIN catalog_item i ON i.id = m.item_id";
        List<Object> parameters = new ArrayList<>(matchParameters);
        parameters.addAll(whereParameters);

        String order = switch (query.sort()) {
            case RELEVANCE -> matches == null ? "" : "m.score DESC, ";
            case TITLE -> "s.title_key, ";
            case MODIFIED -> "";
        };
        List<Object> pageParameters = new ArrayList<>(parameters);
        pageParameters.add((long) query.page() * query.size());
        pageParameters.add(query.size());
        Statement page = new Statement("SELECT i.id, i.title, i.summary, i.sharing, i.owner, i.modified_at,"
                + " s.version_number, s.model_type, s.framework, s.class_count"
                + from + " JOIN search_item s ON s.item_id = i.id" + where
                + " ORDER BY " + order + "i.modified_at DESC, i.id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                pageParameters);
        // Every item has its search_item row (kept with the item, filled at start), so the count may
        // leave the join out unless a filter needs its columns.
        Statement count = new Statement("SELECT COUNT(*)" + from
                + (needsFacts ? " JOIN search_item s ON s.item_id = i.id" : "") + where, parameters);
        return new SearchSql(page, count);
    }

    /** Item ids with their score, for the words of the query; null when there are none. */
    private static String matches(SearchQuery query, List<Object> parameters) {
        List<String> words = query.words();
        if (words.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            boolean last = i == words.size() - 1;
            if (last && query.prefixMatch()) {
                parts.add("SELECT item_id, MAX(CASE WHEN term = ? THEN weight * 2 ELSE weight END) AS score"
                        + " FROM search_term WHERE term >= ? AND term < ? GROUP BY item_id");
                parameters.add(word);
                parameters.add(word);
                parameters.add(prefixEnd(word));
            } else {
                parts.add("SELECT item_id, weight * 2 AS score FROM search_term WHERE term = ?");
                parameters.add(word);
            }
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        // One row per word an item contains: an item with every word has as many rows as there are words.
        return "SELECT item_id, SUM(score) AS score FROM (" + String.join(" UNION ALL ", parts)
                + ") w GROUP BY item_id HAVING COUNT(*) = " + parts.size();
    }

    /** The first string after every string that starts with {@code prefix}: "lan" → "lao". */
    static String prefixEnd(String prefix) {
        int last = prefix.codePointBefore(prefix.length());
        return prefix.substring(0, prefix.length() - Character.charCount(last)) + Character.toString(last + 1);
    }
}
