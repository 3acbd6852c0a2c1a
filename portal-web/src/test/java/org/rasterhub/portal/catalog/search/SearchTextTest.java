package org.rasterhub.portal.catalog.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchTextTest {

    @Test
    void wordsAreLowerCaseAndSplitOnAnythingButLettersAndDigits() {
        assertEquals(List.of("land", "cover", "2024", "sentinel", "2", "v1"),
                SearchText.words("Land_Cover-2024 (Sentinel-2) v1.dlpk".replace(".dlpk", "")));
    }

    @Test
    void accentsAreDroppedSoAQueryWithoutThemFindsThem() {
        assertEquals(List.of("foret", "zurich", "sao", "paulo"), SearchText.words("Forêt Zürich São-Paulo"));
    }

    @Test
    void lettersOfOtherScriptsAreWords() {
        assertEquals(List.of("карта", "森林"), SearchText.words("Карта, 森林!"));
    }

    @Test
    void nothingToSearchInBlankOrPunctuation() {
        assertEquals(List.of(), SearchText.words(null));
        assertEquals(List.of(), SearchText.words("  "));
        assertEquals(List.of(), SearchText.words("-- !! ***"));
    }

    @Test
    void longWordsAreCutToTheIndexedLength() {
        String word = "a".repeat(100);
        assertEquals(List.of("a".repeat(SearchText.MAX_WORD_LENGTH)), SearchText.words(word));
    }

    @Test
    void aWordAddsTheWeightOfEachFieldItIsInOnce() {
        Map<String, Integer> weights = SearchText.weights(Map.of(
                SearchText.Field.TITLE, List.of("Forest Forest Mapping"),
                SearchText.Field.TAG, List.of("forest", "forestry"),
                SearchText.Field.DESCRIPTION, List.of("Maps forest and water, forest again.")));
        assertEquals(8 + 4 + 1, weights.get("forest"), "title + tag + description, repeats not counted");
        assertEquals(8, weights.get("mapping"));
        assertEquals(4, weights.get("forestry"));
        assertEquals(1, weights.get("water"));
    }

    @Test
    void titleOutweighsTagsAndClassesWhichOutweighSummaryThenDescription() {
        assertTrue(SearchText.Field.TITLE.weight() > SearchText.Field.TAG.weight());
        assertEquals(SearchText.Field.TAG.weight(), SearchText.Field.CLASS_NAME.weight());
        assertTrue(SearchText.Field.CLASS_NAME.weight() > SearchText.Field.SUMMARY.weight());
        assertTrue(SearchText.Field.SUMMARY.weight() > SearchText.Field.DESCRIPTION.weight());
    }

    @Test
    void thePrefixRangeEndsAfterEveryWordWithThePrefix() {
        assertEquals("lao", SearchSql.prefixEnd("lan"));
        assertTrue("land".compareTo(SearchSql.prefixEnd("lan")) < 0);
        assertTrue("lanzzzz".compareTo(SearchSql.prefixEnd("lan")) < 0);
        assertTrue("lao".compareTo(SearchSql.prefixEnd("lan")) >= 0);
    }
}
