package org.rasterhub.portal.catalog.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rasterhub.core.catalog.Sharing;

class SearchQueryTest {

    @Test
    void withoutParametersEveryItemMostRecentlyModifiedFirstTwentyAPage() {
        SearchQuery query = SearchQuery.fromParameters(Map.of());
        assertNull(query.text());
        assertEquals(SearchQuery.Sort.MODIFIED, query.sort());
        assertEquals(0, query.page());
        assertEquals(20, query.size());
    }

    @Test
    void wordsSortByRelevanceUnlessAnotherOrderIsAsked() {
        assertEquals(SearchQuery.Sort.RELEVANCE, parse("q", "land cover").sort());
        assertEquals(SearchQuery.Sort.TITLE, SearchQuery.fromParameters(Map.of("q", List.of("land"),
                "sort", List.of("Title"))).sort());
    }

    @Test
    void repeatedWordsCountOnceAndTheLastTypedStaysLastForPrefixMatching() {
        SearchQuery query = parse("q", "Forest land forest");
        assertEquals(List.of("land", "forest"), query.words());
        assertTrue(query.prefixMatch());
        assertFalse(parse("q", "land c").prefixMatch(), "a one-letter prefix would match half the index");
    }

    @Test
    void filtersAreTrimmedAndSharingIgnoresCase() {
        SearchQuery query = SearchQuery.fromParameters(Map.of("owner", List.of(" alice "), "sharing", List.of("Public"),
                "tag", List.of(""), "page", List.of("2"), "size", List.of("100")));
        assertEquals("alice", query.owner());
        assertEquals(Sharing.PUBLIC, query.sharing());
        assertNull(query.tag());
        assertEquals(2, query.page());
        assertEquals(100, query.size());
    }

    @Test
    void eachBadParameterIsNamed() {
        assertEquals("sort", refused("sort", "newest").parameter());
        assertEquals("size", refused("size", "0").parameter());
        assertEquals("size", refused("size", "101").parameter());
        assertEquals("page", refused("page", "-1").parameter());
        assertEquals("page", refused("page", "two").parameter());
        assertEquals("sharing", refused("sharing", "friends").parameter());
        assertEquals("q", refused("q", "!!!").parameter());
        assertEquals("q", refused("q", "x".repeat(201)).parameter());
        assertEquals("q", refused("q", "a b c d e f g h i").parameter());
        assertEquals("modeltype", refused("modeltype", "ObjectDetection").parameter());
    }

    @Test
    void aMessageSaysWhatWasExpectedAndFound() {
        assertEquals("sort: expected relevance, modified or title, was \"newest\"", refused("sort", "newest").getMessage());
        assertEquals("size: 1 to 100 items a page, was 500", refused("size", "500").getMessage());
    }

    @Test
    void aParameterGivenTwiceIsRefused() {
        var e = assertThrows(InvalidSearchException.class,
                () -> SearchQuery.fromParameters(Map.of("q", List.of("a", "b"))));
        assertEquals("q", e.parameter());
    }

    private static SearchQuery parse(String name, String value) {
        return SearchQuery.fromParameters(Map.of(name, List.of(value)));
    }

    private static InvalidSearchException refused(String name, String value) {
        return assertThrows(InvalidSearchException.class, () -> parse(name, value));
    }
}
