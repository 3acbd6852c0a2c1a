package org.rasterhub.portal.catalog.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.core.schema.SchemaMigrator;
import org.rasterhub.portal.catalog.ItemAccess;
import org.rasterhub.portal.catalog.ItemSummary;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.Role;
import org.rasterhub.portal.security.SignedInUser;

/**
 * Search on a real H2 database made by our migrations, rows inserted as the catalog stores them:
 * every search runs on the SQL index and on the memory index following the change log, and the two
 * must give the same page.
 */
class CatalogSearchTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final ItemAccess ADMIN = access("root", Role.ADMINISTRATOR);
    private static final ItemAccess ANONYMOUS = new ItemAccess(Caller.ANONYMOUS, Set.of());
    private DataSource dataSource;
    private Connection connection;
    private CatalogSearchEngine memory;
    private long nextId = 1;

    @BeforeEach
    void database() throws SQLException {
        dataSource = newDatabase();
        new SchemaMigrator(dataSource).migrate();
        connection = dataSource.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO portal_group (id, name, owner, created_at) VALUES"
                    + " (1, 'hydrology', 'alice', CURRENT_TIMESTAMP), (2, 'forestry', 'alice', CURRENT_TIMESTAMP)");
        }
    }

    /** An empty database for one test: H2 in memory here, PostgreSQL in {@link PostgresCatalogSearchTest}. */
    DataSource newDatabase() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:search-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void aTitleMatchRanksAboveATagOrClassMatchAboveASummaryAboveADescription() throws SQLException {
        long description = item("Canopy Model").description("Trained on forest plots.").add();
        long title = item("Forest Mapping").add();
        long summary = item("Canopy Height").summary("Estimates forest height").add();
        long tag = item("Canopy Cover").tags("Forest").add();
        long className = item("Land Use").classes("Water", "Forest").add();
        item("Water Bodies").add();

        SearchPage page = search(ADMIN, "q=forest");

        assertEquals(List.of(title, className, tag, summary, description), ids(page)); // tag and class tie: newer id first
        assertEquals(5, page.total());
    }

    @Test
    void equalScoresGoToTheMostRecentlyModifiedFirst() throws SQLException {
        long older = item("Forest A").modified(T0).add();
        long newer = item("Forest B").modified(T0.plusSeconds(60)).add();
        assertEquals(List.of(newer, older), ids(search(ADMIN, "q=forest")));
    }

    @Test
    void everyWordMustMatchAndMoreFieldsMatchedRankHigher() throws SQLException {
        long both = item("Forest Water Mask").add();
        long bothTwice = item("Forest Water Classifier").classes("Forest", "Water").add();
        item("Forest Only").add();
        item("Water Only").add();

        assertEquals(List.of(bothTwice, both), ids(search(ADMIN, "q=water forest")));
    }

    @Test
    void theLastWordAlsoFindsWordsItBeginsAndAWholeWordRanksFirst() throws SQLException {
        long prefix = item("Building Footprints").add();
        long exact = item("Build Pipeline").add();
        item("Bridges").add();

        assertEquals(List.of(exact, prefix), ids(search(ADMIN, "q=build")));
        assertEquals(List.of(prefix), ids(search(ADMIN, "q=buildi")));
        assertEquals(List.of(), ids(search(ADMIN, "q=buildi footprints")), "only the last word is a prefix");
    }

    @Test
    void filtersNarrowTheMatchesAndAllMustHold() throws SQLException {
        long detection = item("Tree Detector").modelType("ObjectDetection").framework("PyTorch").owner("bob")
                .tags("Forestry").sharing(Sharing.PUBLIC).add();
        long classifier = item("Tree Classifier").modelType("ImageClassification").framework("Onnx").owner("alice")
                .tags("forestry", "landcover").sharing(Sharing.ORGANIZATION).add();

        assertEquals(List.of(detection), ids(search(ADMIN, "q=tree&modelType=ObjectDetection")));
        assertEquals(List.of(classifier), ids(search(ADMIN, "framework=Onnx")));
        assertEquals(List.of(detection), ids(search(ADMIN, "owner=bob")));
        assertEquals(List.of(classifier, detection), ids(search(ADMIN, "tag=FORESTRY&sort=title")),
                "tags ignore case");
        assertEquals(List.of(classifier), ids(search(ADMIN, "tag=landcover")));
        assertEquals(List.of(detection), ids(search(ADMIN, "sharing=public")));
        assertEquals(List.of(), ids(search(ADMIN, "q=tree&owner=alice&framework=PyTorch")));
    }

    @Test
    void pagesSplitTheMatchesAndEveryPageCarriesTheTotal() throws SQLException {
        for (int i = 0; i < 5; i++) {
            item("Road Model " + i).modified(T0.plusSeconds(i)).add();
        }
        item("Unrelated").add();

        for (String words : List.of("q=road&", "")) {
            SearchPage second = search(ADMIN, words + "sort=title&size=2&page=1");
            long expectedTotal = words.isEmpty() ? 6 : 5;
            assertEquals(expectedTotal, second.total(), words);
            assertEquals(List.of("Road Model 2", "Road Model 3"), titles(second), words);
            assertEquals(expectedTotal, search(ADMIN, words + "size=2&page=9").total(), "past the end: " + words);
            assertEquals(List.of(), search(ADMIN, words + "size=2&page=9").items());
        }
    }

    @Test
    void sortByModifiedOrTitleOverridesRelevance() throws SQLException {
        long b = item("B Forest").modified(T0).add();
        long a = item("a forest canopy forest").description("forest").modified(T0.plusSeconds(5)).add();
        long c = item("C Forest").modified(T0.plusSeconds(10)).add();

        assertEquals(List.of(a, b, c), ids(search(ADMIN, "q=forest&sort=title")));
        assertEquals(List.of(c, a, b), ids(search(ADMIN, "q=forest&sort=modified")));
    }

    @Test
    void anonymousCallersFindAndCountOnlyPublicItems() throws SQLException {
        long open = item("Flood Public").sharing(Sharing.PUBLIC).add();
        item("Flood Organization").sharing(Sharing.ORGANIZATION).add();
        item("Flood Group").sharing(Sharing.GROUPS).groups(1).add();
        item("Flood Private").sharing(Sharing.PRIVATE).add();

        for (String query : List.of("q=flood", "", "sort=title", "sharing=private", "q=flood&sharing=groups")) {
            SearchPage page = search(ANONYMOUS, query);
            assertTrue(page.items().stream().allMatch(i -> i.id() == open), query);
            assertEquals(page.items().size(), page.total(), query);
        }
        assertEquals(4, search(ADMIN, "q=flood").total());
    }

    @Test
    void aUserOutsideTheGroupNeitherSeesNorCountsItemsSharedWithIt() throws SQLException {
        item("Flood Organization").sharing(Sharing.ORGANIZATION).add();
        long grouped = item("Flood Group").sharing(Sharing.GROUPS).groups(1).add();
        item("Flood Private").sharing(Sharing.PRIVATE).owner("alice").add();
        long mine = item("Flood Mine").sharing(Sharing.PRIVATE).owner("carol").add();

        ItemAccess outsider = access("carol", Role.USER);
        ItemAccess member = new ItemAccess(Caller.of(new SignedInUser("dave", Role.USER)), Set.of(1L));

        assertEquals(2, search(outsider, "q=flood").total());
        assertTrue(ids(search(outsider, "q=flood")).contains(mine));
        assertEquals(0, search(outsider, "q=flood&sharing=groups").total());
        assertEquals(0, search(outsider, "sharing=private&owner=alice").total());
        assertEquals(2, search(outsider, "size=1").total(), "the count without words filters too");
        assertEquals(List.of(grouped), ids(search(member, "q=flood&sharing=groups")));
        assertEquals(2, search(member, "q=flood").total());

        item("Flood Withdrawn").sharing(Sharing.PRIVATE).groups(1).owner("alice").add();
        assertEquals(2, search(member, "q=flood").total(), "a private item stays private to its groups");
    }

    @Test
    void summariesCarryTheLatestVersionsFactsAndSortedTags() throws SQLException {
        long id = item("Solar Panels").tags("energy", "Aerial").classes("Panel", "Roof", "Other")
                .modelType("ObjectDetection").framework("Onnx").owner("bob").modified(T0).add();
        ItemSummary summary = search(ADMIN, "q=solar").items().get(0);
        assertEquals(new ItemSummary(id, "Solar Panels", null, List.of("Aerial", "energy"), Sharing.PRIVATE, "bob", 1,
                "ObjectDetection", "Onnx", 3, T0), summary);
    }

    @Test
    void reindexingAfterAnEditReplacesTheOldWords() throws SQLException {
        long id = item("Glacier Outline").add();
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE catalog_item SET title = 'Snow Cover' WHERE id = " + id);
        }
        SearchIndex.write(connection, List.of(new SearchDocument(id, "Snow Cover", null, null, List.of(), List.of(),
                "alice", Sharing.PRIVATE, T0, 1, "ImageClassification", "Onnx")));
        assertEquals(0, search(ADMIN, "q=glacier").total());
        assertEquals(List.of(id), ids(search(ADMIN, "q=snow")));
    }

    @Test
    void aSharingChangeTheIndexMissedIsCorrectedAtStartSoNothingLeaks() throws SQLException {
        long id = item("Secret Survey").sharing(Sharing.PUBLIC).add();
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE catalog_item SET sharing = 'PRIVATE' WHERE id = " + id);
        }
        assertEquals(1, search(ANONYMOUS, "q=secret").total(), "the stale copy still says public");
        assertEquals(1, SearchIndex.syncFacts(connection));
        assertEquals(0, search(ANONYMOUS, "q=secret").total());
        assertEquals(0, SearchIndex.syncFacts(connection), "nothing left to correct");
    }

    @Test
    void deletingAnItemTakesItsIndexEntriesWithIt() throws SQLException {
        long id = item("Landslide Scars").tags("hazard").add();
        assertEquals(1, search(ADMIN, "q=landslide").total());
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM catalog_item WHERE id = " + id);
            SearchChangeLog.record(connection, List.of(id)); // as CatalogService.delete does
            assertEquals(0, search(ADMIN, "q=landslide").total());
            assertEquals(0, search(ADMIN, "tag=hazard").total());
            for (String table : List.of("search_item", "search_term", "search_tag")) {
                var rows = statement.executeQuery("SELECT COUNT(*) FROM " + table);
                rows.next();
                assertEquals(0, rows.getLong(1), table);
            }
        }
    }

    private SearchPage search(ItemAccess access, String parameters) throws SQLException {
        Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        for (String pair : parameters.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                map.put(kv[0], List.of(kv[1]));
            }
        }
        SearchQuery query = SearchQuery.fromParameters(map);
        SearchPage bySql = CatalogSearch.run(connection, query, access);
        if (memory == null) {
            memory = new CatalogSearchEngine(dataSource);
            memory.load();
            assertEquals(CatalogSearchEngine.State.READY, memory.status().state(), memory.status().failure());
        }
        assertEquals(bySql, memory.search(connection, query, access), "memory and SQL differ for " + parameters);
        return bySql;
    }

    @Test
    void aChangeCommittedAfterALaterOneIsStillApplied() throws SQLException {
        long glacier = item("Glacier Outline").add();
        long moraine = item("Moraine").add();
        assertEquals(1, search(ADMIN, "q=glacier").total()); // the memory index has read the log to its end
        long seen;
        try (Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT MAX(seq) FROM search_change")) {
            rows.next();
            seen = rows.getLong(1);
        }
        // A transaction commits with number seen + 5 while those before it are still running.
        retitle(moraine, "Moraine Ridge");
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE search_change SET seq = " + (seen + 5) + " WHERE seq = " + (seen + 1));
        }
        assertEquals(List.of(moraine), ids(search(ADMIN, "q=ridge")));
        // Then one of those commits, with a number below the highest read so far.
        retitle(glacier, "Snow Cover");
        assertEquals(List.of(glacier), ids(search(ADMIN, "q=snow")));
        assertEquals(0, search(ADMIN, "q=glacier").total());
    }

    @Test
    void aCatalogTooLargeForTheHeapIsSearchedWithSqlAndSaysWhy() throws SQLException {
        long id = item("Glacier Outline").add();
        CatalogSearchEngine small = new CatalogSearchEngine(dataSource, 100);
        small.load();
        assertEquals(CatalogSearchEngine.State.FAILED, small.status().state());
        assertTrue(small.status().failure().contains("Raise RASTERHUB_MAX_HEAP"), small.status().failure());
        SearchQuery query = SearchQuery.fromParameters(Map.of("q", List.of("glacier")));
        assertEquals(List.of(id), ids(small.search(connection, query, ADMIN)));
    }

    private void retitle(long id, String title) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE catalog_item SET title = '" + title + "' WHERE id = " + id);
        }
        SearchIndex.write(connection, List.of(new SearchDocument(id, title, null, null, List.of(), List.of(),
                "alice", Sharing.PRIVATE, T0, 1, "ImageClassification", "Onnx")));
    }

    /**
     * Hundreds of random searches by callers of every kind, interleaved with edits, sharing changes
     * and deletions, each answered by both indexes (see {@link #search}). Ties in modification time
     * and score are common on purpose, and the edits are enough to make the memory index compact.
     */
    @Test
    void theMemoryIndexAnswersRandomSearchesExactlyAsTheSqlIndexDoes() throws SQLException {
        java.util.Random random = new java.util.Random(7);
        String[] vocabulary = {"forest", "forestry", "for", "water", "waterway", "road", "roads", "build",
            "building", "urban", "crop", "cropland", "2021", "forêt"};
        String[] tags = {"Forest", "forestry", "Urban", "water"};
        String[] classes = {"Water", "Forest", "Road", "Building"};
        String[] owners = {"alice", "bob", "carol", "dave"};
        Map<Long, ItemRow> items = new java.util.TreeMap<>();
        for (int i = 0; i < 300; i++) {
            ItemRow row = item(words(random, vocabulary, 1 + random.nextInt(4)))
                    .summary(random.nextInt(3) == 0 ? null : words(random, vocabulary, random.nextInt(4)))
                    .description(random.nextInt(3) == 0 ? null : words(random, vocabulary, random.nextInt(7)))
                    .tags(pickSome(random, tags, 3)).classes(pickSome(random, classes, 4))
                    .modelType(random.nextBoolean() ? "ImageClassification" : "ObjectDetection")
                    .framework(random.nextInt(5) == 0 ? null : random.nextBoolean() ? "Onnx" : "PyTorch")
                    .owner(owners[random.nextInt(owners.length)]).sharing(Sharing.values()[random.nextInt(4)])
                    .modified(T0.plusSeconds(random.nextInt(20)));
            if (random.nextBoolean()) {
                row.groups(1 + random.nextInt(2));
            }
            items.put(row.add(), row);
        }
        List<ItemAccess> callers = List.of(ADMIN, ANONYMOUS, access("carol", Role.USER), access("bob", Role.VIEWER),
                new ItemAccess(Caller.of(new SignedInUser("dave", Role.USER)), Set.of(1L)),
                new ItemAccess(Caller.of(new SignedInUser("erin", Role.PUBLISHER)), Set.of(1L, 2L)));
        String[] sorts = {"relevance", "modified", "title"};
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 100; i++) {
                StringBuilder query = new StringBuilder();
                int wordCount = random.nextInt(4);
                if (wordCount > 0) {
                    String text = words(random, vocabulary, wordCount);
                    if (random.nextBoolean()) { // a prefix of the last word, sometimes one letter
                        text = text.substring(0, text.length() - random.nextInt(Math.min(4, text.length())));
                    }
                    query.append("q=").append(text.replace(' ', '+')).append('&');
                }
                if (random.nextInt(5) == 0) {
                    query.append("tag=").append(random.nextBoolean() ? "FOREST" : "nonexistent").append('&');
                }
                if (random.nextInt(5) == 0) {
                    query.append("owner=").append(owners[random.nextInt(owners.length)]).append('&');
                }
                if (random.nextInt(5) == 0) {
                    query.append("sharing=").append(Sharing.values()[random.nextInt(4)].name().toLowerCase()).append('&');
                }
                if (random.nextInt(6) == 0) {
                    query.append("modelType=ObjectDetection&");
                }
                if (random.nextInt(6) == 0) {
                    query.append("framework=").append(random.nextBoolean() ? "PyTorch" : "Keras").append('&');
                }
                query.append("sort=").append(sorts[random.nextInt(3)]).append("&page=").append(random.nextInt(4))
                        .append("&size=").append(1 + random.nextInt(7));
                search(callers.get(random.nextInt(callers.size())), query.toString().replace("+", " "));
            }
            // Between rounds: retitle, reshare and delete, each through the SQL index and its change log.
            for (int edit = 0; edit < 250; edit++) {
                List<Long> ids = List.copyOf(items.keySet());
                long id = ids.get(random.nextInt(ids.size()));
                ItemRow row = items.get(id);
                switch (random.nextInt(10)) {
                    case 0 -> {
                        try (Statement statement = connection.createStatement()) {
                            statement.executeUpdate("DELETE FROM catalog_item WHERE id = " + id);
                        }
                        SearchChangeLog.record(connection, List.of(id));
                        items.remove(id);
                    }
                    case 1, 2 -> {
                        row.sharing(Sharing.values()[random.nextInt(4)]);
                        row.groups(random.nextBoolean() ? new long[] {1 + random.nextInt(2)} : new long[0]);
                        reindex(id, row);
                    }
                    default -> {
                        row.title = words(random, vocabulary, 1 + random.nextInt(4));
                        row.modified(T0.plusSeconds(random.nextInt(20)));
                        reindex(id, row);
                    }
                }
            }
        }
        SearchPage all = search(ADMIN, "size=100&sort=title");
        assertEquals(items.size(), all.total());
    }

    /** Writes an edited item's catalog rows and index entries, as CatalogService does in one transaction. */
    private void reindex(long id, ItemRow row) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE catalog_item SET title = ?, sharing = ?, modified_at = ? WHERE id = ?");
             Statement statement = connection.createStatement()) {
            update.setString(1, row.title);
            update.setString(2, row.sharing.name());
            update.setObject(3, row.modified.atOffset(ZoneOffset.UTC));
            update.setLong(4, id);
            update.executeUpdate();
            statement.executeUpdate("DELETE FROM item_group WHERE item_id = " + id);
            for (long group : row.groups) {
                statement.executeUpdate("INSERT INTO item_group (item_id, group_id) VALUES (" + id + ", " + group + ")");
            }
        }
        SearchIndex.write(connection, List.of(new SearchDocument(id, row.title, row.summary, row.description, row.tags,
                row.classes, row.owner, row.sharing, row.modified, 1, row.modelType, row.framework)));
    }

    private static String words(java.util.Random random, String[] vocabulary, int count) {
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            words.add(vocabulary[random.nextInt(vocabulary.length)]);
        }
        return String.join(" ", words);
    }

    private static String[] pickSome(java.util.Random random, String[] values, int atMost) {
        java.util.Set<String> picked = new java.util.LinkedHashSet<>();
        int count = random.nextInt(atMost + 1);
        while (picked.size() < count) {
            picked.add(values[random.nextInt(values.length)]);
        }
        return picked.toArray(String[]::new);
    }

    private static List<Long> ids(SearchPage page) {
        return page.items().stream().map(ItemSummary::id).toList();
    }

    private static List<String> titles(SearchPage page) {
        return page.items().stream().map(ItemSummary::title).toList();
    }

    private static ItemAccess access(String user, Role role) {
        return new ItemAccess(Caller.of(new SignedInUser(user, role)), Set.of());
    }

    private ItemRow item(String title) {
        return new ItemRow(title);
    }

    /** An item as the catalog stores it, with one version; added and indexed by {@link #add()}. */
    private final class ItemRow {
        private String title;
        private String summary;
        private String description;
        private List<String> tags = List.of();
        private List<String> classes = List.of();
        private String modelType = "ImageClassification";
        private String framework = "Onnx";
        private String owner = "alice";
        private Sharing sharing = Sharing.PRIVATE;
        private List<Long> groups = List.of();
        private Instant modified = T0;

        ItemRow(String title) {
            this.title = title;
        }

        ItemRow summary(String text) { summary = text; return this; }
        ItemRow description(String text) { description = text; return this; }
        ItemRow tags(String... values) { tags = List.of(values); return this; }
        ItemRow classes(String... names) { classes = List.of(names); return this; }
        ItemRow modelType(String value) { modelType = value; return this; }
        ItemRow framework(String value) { framework = value; return this; }
        ItemRow owner(String value) { owner = value; return this; }
        ItemRow sharing(Sharing value) { sharing = value; return this; }
        ItemRow groups(long... ids) { groups = java.util.Arrays.stream(ids).boxed().toList(); return this; }
        ItemRow modified(Instant at) { modified = at; return this; }

        long add() throws SQLException {
            long id = nextId++;
            try (PreparedStatement item = connection.prepareStatement("INSERT INTO catalog_item (id, title, owner,"
                    + " created_at, modified_at, summary, description, sharing) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                item.setLong(1, id);
                item.setString(2, title);
                item.setString(3, owner);
                item.setObject(4, modified.atOffset(ZoneOffset.UTC));
                item.setObject(5, modified.atOffset(ZoneOffset.UTC));
                item.setString(6, summary);
                item.setString(7, description);
                item.setString(8, sharing.name());
                item.executeUpdate();
            }
            try (PreparedStatement version = connection.prepareStatement("INSERT INTO item_version (id, item_id,"
                    + " version_number, sha256, size_bytes, file_name, emd_path, model_type, framework, emd_json,"
                    + " created_at) VALUES (?, ?, 1, ?, 1, 'm.dlpk', 'm.emd', ?, ?, '{}', CURRENT_TIMESTAMP)")) {
                version.setLong(1, id);
                version.setLong(2, id);
                version.setString(3, "0".repeat(64));
                version.setString(4, modelType);
                version.setString(5, framework);
                version.executeUpdate();
            }
            for (int i = 0; i < classes.size(); i++) {
                try (PreparedStatement row = connection.prepareStatement("INSERT INTO model_class (version_id,"
                        + " list_index, class_value, name, color_rgb) VALUES (?, ?, ?, ?, 0)")) {
                    row.setLong(1, id);
                    row.setInt(2, i);
                    row.setInt(3, i);
                    row.setString(4, classes.get(i));
                    row.executeUpdate();
                }
            }
            for (String tag : tags) {
                try (PreparedStatement row = connection.prepareStatement(
                        "INSERT INTO item_tag (item_id, tag) VALUES (?, ?)")) {
                    row.setLong(1, id);
                    row.setString(2, tag);
                    row.executeUpdate();
                }
            }
            for (long group : groups) {
                try (PreparedStatement row = connection.prepareStatement(
                        "INSERT INTO item_group (item_id, group_id) VALUES (?, ?)")) {
                    row.setLong(1, id);
                    row.setLong(2, group);
                    row.executeUpdate();
                }
            }
            assertEquals(1, SearchIndex.indexMissing(connection));
            return id;
        }
    }
}
