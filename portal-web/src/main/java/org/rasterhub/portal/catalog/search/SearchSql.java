package org.rasterhub.portal.catalog.search;

import java.util.ArrayList;
import java.util.List;
import org.rasterhub.portal.catalog.ItemAccess;

/**
 * The SQL of one search, in the dialect H2 and PostgreSQL share: a page of index rows and the
 * total. Both read only the narrow index tables; the page's titles, summaries and tags are read by
 * id afterwards. Words are looked up in {@code search_term} through its primary key (term,
 * item_id, weight), which holds all a lookup needs; an item must contain every word, and its score
 * adds up the weights of the fields each word is in (an exact word counts twice what a word it only
 * begins counts). Visibility is part of the WHERE clause, so neither the page nor the total can
 * include an item the caller may not see.
 *
 * @param page       columns: item_id, owner, sharing, modified_at, version_number, model_type,
 *                   framework, class_count, and when {@code pageCounts} the total number of matches
 * @param count      one row, one column: the number of matches
 * @param pageCounts whether the page carries the total (a window count over the matches)
 */
public record SearchSql(Statement page, Statement count, boolean pageCounts) {
    static final String COLUMNS = "s.item_id, s.owner, s.sharing, s.modified_at, s.version_number, s.model_type,"
            + " s.framework, s.class_count";

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
        StringBuilder where = new StringBuilder(" WHERE ").append(access.viewableSql("s", "item_id", whereParameters));
        if (query.modelType() != null) {
            where.append(" AND s.model_type = ?");
            whereParameters.add(query.modelType());
        }
        if (query.framework() != null) {
            where.append(" AND s.framework = ?");
            whereParameters.add(query.framework());
        }
        if (query.owner() != null) {
            where.append(" AND s.owner = ?");
            whereParameters.add(query.owner());
        }
        if (query.sharing() != null) {
            where.append(" AND s.sharing = ?");
            whereParameters.add(query.sharing().name());
        }
        if (query.tag() != null) {
            where.append(" AND s.item_id IN (SELECT t.item_id FROM search_tag t WHERE t.tag = ?)");
            whereParameters.add(SearchIndex.tagKey(query.tag()));
        }
        List<Object> parameters = new ArrayList<>(matchParameters);
        parameters.addAll(whereParameters);
        List<Object> pageParameters = new ArrayList<>(parameters);
        pageParameters.add((long) query.page() * query.size());
        pageParameters.add(query.size());
        String fetch = " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";

        if (matches == null) {
            // Without words both orders match an index of search_item: the page stops after its rows.
            String order = (query.sort() == SearchQuery.Sort.TITLE ? "s.title_key, " : "")
                    + "s.modified_at DESC, s.item_id DESC";
            return new SearchSql(
                    new Statement("SELECT " + COLUMNS + " FROM search_item s" + where + " ORDER BY " + order + fetch,
                            pageParameters),
                    new Statement("SELECT COUNT(*) FROM search_item s" + where, parameters),
                    false);
        }
        // With words the matches come first: LEFT JOIN keeps that order in H2, which would otherwise run
        // the word lookup once per index row. Every match has its row (both are written together), so
        // the outer join adds none. The total is counted in the same pass, by a window function.
        String from = " FROM (" + matches + ") m LEFT JOIN search_item s ON s.item_id = m.item_id";
        String order = switch (query.sort()) {
            case RELEVANCE -> "m.score DESC, ";
            case TITLE -> "s.title_key, ";
            case MODIFIED -> "";
        } + "s.modified_at DESC, s.item_id DESC";
        return new SearchSql(
                new Statement("SELECT " + COLUMNS + ", COUNT(*) OVER () AS total" + from + where + " ORDER BY " + order
                        + fetch, pageParameters),
                new Statement("SELECT COUNT(*)" + from + where, parameters),
                true);
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
