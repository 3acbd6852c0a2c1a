package org.rasterhub.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogItemTest {
    private static final Instant CREATED = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-02T10:00:00Z");

    @Test
    void newItemsArePrivateAndUndescribed() {
        CatalogItem item = new CatalogItem("Land cover", "ana", CREATED);
        assertEquals(Sharing.PRIVATE, item.sharing());
        assertEquals(Optional.empty(), item.summary());
        assertTrue(item.tags().isEmpty());
        assertTrue(item.groups().isEmpty());
    }

    @Test
    void describingTrimsTagsKeepsEachOnceIgnoringCaseAndClearsBlankTexts() {
        CatalogItem item = new CatalogItem("Land cover", "ana", CREATED);
        item.describe("  Land cover v2 ", "Ten classes", "   ", List.of(" Sentinel-2", "sentinel-2", "", "landcover"),
                LATER);
        assertEquals("Land cover v2", item.title());
        assertEquals(Optional.of("Ten classes"), item.summary());
        assertEquals(Optional.empty(), item.description());
        assertEquals(Set.of("Sentinel-2", "landcover"), item.tags());
        assertEquals(LATER, item.modifiedAt());
    }

    @Test
    void refusedEditsNameTheFieldAndChangeNothing() {
        CatalogItem item = new CatalogItem("Land cover", "ana", CREATED);
        var blank = assertThrows(IllegalArgumentException.class,
                () -> item.describe(" ", null, null, List.of(), LATER));
        assertTrue(blank.getMessage().startsWith("title:"), blank.getMessage());
        var longTag = assertThrows(IllegalArgumentException.class,
                () -> item.describe("ok", null, null, List.of("x".repeat(101)), LATER));
        assertTrue(longTag.getMessage().startsWith("tags:"), longTag.getMessage());
        var tooMany = assertThrows(IllegalArgumentException.class, () -> item.describe("ok", null, null,
                Collections.nCopies(51, "t").stream().map(t -> t + Math.random()).toList(), LATER));
        assertTrue(tooMany.getMessage().startsWith("tags: at most 50"), tooMany.getMessage());
        var longSummary = assertThrows(IllegalArgumentException.class,
                () -> item.describe("ok", "s".repeat(2049), null, List.of(), LATER));
        assertTrue(longSummary.getMessage().startsWith("summary:"), longSummary.getMessage());
        assertEquals("Land cover", item.title());
        assertEquals(CREATED, item.modifiedAt());
    }

    @Test
    void privateItemsAreSharedWithNoGroupAndOtherLevelsKeepTheirGroups() {
        CatalogItem item = new CatalogItem("Land cover", "ana", CREATED);
        item.share(Sharing.GROUPS, List.of(3L, 5L), LATER);
        assertEquals(Set.of(3L, 5L), item.groups());
        item.share(Sharing.ORGANIZATION, List.of(3L), LATER);
        assertEquals(Set.of(3L), item.groups());
        item.share(Sharing.PRIVATE, List.of(3L), LATER);
        assertEquals(Sharing.PRIVATE, item.sharing());
        assertTrue(item.groups().isEmpty());
    }
}
