package org.rasterhub.portal.catalog.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.portal.catalog.ItemAccess;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.Role;
import org.rasterhub.portal.security.SignedInUser;

/** The memory index's own mechanics; CatalogSearchTest holds its answers to the SQL index's. */
class MemorySearchIndexTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final ItemAccess ADMIN = new ItemAccess(Caller.of(new SignedInUser("root", Role.ADMINISTRATOR)),
            Set.of());

    @Test
    void frequentEditsAreCompactedAwayWithoutChangingAnswers() {
        MemorySearchIndex index = new MemorySearchIndex();
        List<MemorySearchIndex.Item> items = new ArrayList<>();
        for (long id = 1; id <= 2000; id++) {
            items.add(item(id, "alpha", T0.plusSeconds(id)));
        }
        index.apply(items, List.of());
        for (long id = 1; id <= 1500; id++) { // each edit leaves a dead ordinal behind until compaction
            index.apply(List.of(item(id, "beta", T0.plusSeconds(id))), List.of());
        }
        index.apply(List.of(), List.of(7L, 1999L));

        assertEquals(1998, index.size());
        assertTrue(index.ordinalsInUse() < 2000 + 1500, "compacted: " + index.ordinalsInUse());
        assertEquals(1499, index.search(query("q=beta"), ADMIN).total());
        assertEquals(499, index.search(query("q=alpha"), ADMIN).total());
        assertEquals(List.of(1500L, 1499L), index.search(query("q=beta&size=2"), ADMIN).rows().stream()
                .map(SearchRow::id).toList(), "latest first among equal scores");
        assertEquals(List.of(2000L), index.search(query("q=alp&size=1"), ADMIN).rows().stream()
                .map(SearchRow::id).toList());
    }

    @Test
    void theFirstKOfManyComeInTheirOrderWhetherPickedByHeapOrBySorting() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = random.nextInt(300);
            int[] values = random.ints(n, 0, 1000).distinct().toArray();
            int k = random.nextInt(values.length + 1);
            TopOrdinals.Order descending = (a, b) -> Integer.compare(b, a);
            int[] expected = java.util.Arrays.stream(values).boxed().sorted((a, b) -> b - a).limit(k)
                    .mapToInt(Integer::intValue).toArray();
            int[] before = values.clone();
            assertArrayEquals(expected, TopOrdinals.select(values, values.length, k, descending), "n=" + n + " k=" + k);
            assertArrayEquals(before, values, "left as it was");
        }
    }

    private static MemorySearchIndex.Item item(long id, String word, Instant modified) {
        return new MemorySearchIndex.Item(id, "alice", Sharing.PRIVATE, modified, word + " " + id, 1,
                "ImageClassification", "Onnx", 2, List.of(), new long[0], Map.of(word, 8));
    }

    private static SearchQuery query(String parameters) {
        Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        for (String pair : parameters.split("&")) {
            String[] kv = pair.split("=", 2);
            map.put(kv[0], List.of(kv[1]));
        }
        return SearchQuery.fromParameters(map);
    }
}
