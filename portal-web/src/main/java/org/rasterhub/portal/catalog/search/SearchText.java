package org.rasterhub.portal.catalog.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How text becomes words, the same for what is indexed and what is searched: lower case, accents
 * removed, split on anything that is not a letter or digit, and cut to {@link #MAX_WORD_LENGTH}.
 * "Land_Cover-2024 Forêt" is {@code land, cover, 2024, foret}.
 */
public final class SearchText {
    /** Longer words are cut; a query for the whole word still finds them, cut the same way. */
    public static final int MAX_WORD_LENGTH = 64;

    private SearchText() {
    }

    /** The words of a text in order, repeats included; none for null or blank text. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return words;
        }
        String folded = Normalizer.normalize(text, Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.NON_SPACING_MARK) {
                continue; // the accent of an "ê" split off by NFD: keep the letter, drop the mark
            }
            if (Character.isLetterOrDigit(cp)) {
                if (word.length() < MAX_WORD_LENGTH) {
                    word.appendCodePoint(cp);
                }
            } else {
                flush(word, words);
            }
        }
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            // a surrogate pair may have been cut in half at the length limit
            String w = word.length() > MAX_WORD_LENGTH ? word.substring(0, MAX_WORD_LENGTH) : word.toString();
            words.add(w);
            word.setLength(0);
        }
    }

    /** Where a word was found and what that is worth to relevance: a title word beats a description word. */
    public enum Field {
        TITLE(8), TAG(4), CLASS_NAME(4), SUMMARY(2), DESCRIPTION(1);

        private final int weight;

        Field(int weight) {
            this.weight = weight;
        }

        public int weight() {
            return weight;
        }
    }

    /**
     * Word → weight for one item: the sum of the weights of the distinct fields the word is in, so
     * repeating a word in one field does not raise its rank.
     */
    public static Map<String, Integer> weights(Map<Field, ? extends Iterable<String>> texts) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (var field : texts.entrySet()) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String text : field.getValue()) {
                for (String word : words(text)) {
                    if (seen.add(word)) {
                        weights.merge(word, field.getKey().weight(), Integer::sum);
                    }
                }
            }
        }
        return weights;
    }
}
