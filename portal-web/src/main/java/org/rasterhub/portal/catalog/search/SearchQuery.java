package org.rasterhub.portal.catalog.search;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rasterhub.core.catalog.Sharing;

/**
 * One catalog search, checked: words to find (all of them, the last also as a prefix), filters that
 * must all hold, an order and a page. Every instance is valid.
 *
 * @param text      what the user typed, or null for every item
 * @param modelType latest version's model type, exactly, or null
 * @param framework latest version's framework, exactly, or null
 * @param owner     username of the owner, or null
 * @param tag       one of the item's tags, ignoring case, or null
 * @param sharing   sharing level, or null
 * @param page      0-based
 * @param size      items a page, {@value #MAX_SIZE} at most
 * @throws InvalidSearchException naming the parameter that is out of range
 */
public record SearchQuery(String text, String modelType, String framework, String owner, String tag, Sharing sharing,
                          Sort sort, int page, int size) {
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** Deep pages cost a scan of every item before them; nobody reads 10,000 pages. */
    public static final int MAX_PAGE = 10_000;
    public static final int MAX_TEXT_LENGTH = 200;
    /** More words cost a join each; titles are shorter than this. */
    public static final int MAX_WORDS = 8;
    /** A shorter last word is matched whole: a one-letter prefix matches half the index. */
    public static final int MIN_PREFIX_LENGTH = 2;
    static final Set<String> PARAMETERS = Set.of("q", "modelType", "framework", "owner", "tag", "sharing", "sort",
            "page", "size");

    public SearchQuery {
        text = blankToNull(text);
        modelType = checkedFilter("modelType", modelType);
        framework = checkedFilter("framework", framework);
        owner = checkedFilter("owner", owner);
        tag = checkedFilter("tag", tag);
        if (text != null) {
            if (text.length() > MAX_TEXT_LENGTH) {
                throw new InvalidSearchException("q", "at most " + MAX_TEXT_LENGTH + " characters, was " + text.length());
            }
            int count = SearchText.words(text).size();
            if (count == 0) {
                throw new InvalidSearchException("q", "no letters or digits to search for in \"" + cut(text) + "\"");
            }
            if (distinct(text).size() > MAX_WORDS) {
                throw new InvalidSearchException("q", "at most " + MAX_WORDS + " different words, were "
                        + distinct(text).size());
            }
        }
        if (sort == null) {
            sort = text == null ? Sort.MODIFIED : Sort.RELEVANCE;
        }
        if (page < 0 || page > MAX_PAGE) {
            throw new InvalidSearchException("page", "a page number from 0 to " + MAX_PAGE + ", was " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidSearchException("size", "1 to " + MAX_SIZE + " items a page, was " + size);
        }
    }

    /** Every item the caller may see, most recently modified first. */
    public static SearchQuery all(int page, int size) {
        return new SearchQuery(null, null, null, null, null, null, null, page, size);
    }

    /**
     * A query from URL parameters as {@code GET /api/items} takes them.
     *
     * @throws InvalidSearchException for an unknown or repeated parameter, or a value out of range
     */
    public static SearchQuery fromParameters(Map<String, List<String>> parameters) {
        for (var parameter : parameters.entrySet()) {
            if (!PARAMETERS.contains(parameter.getKey())) {
                throw new InvalidSearchException(cut(parameter.getKey()), "unknown parameter; expected one of "
                        + "q, modelType, framework, owner, tag, sharing, sort, page, size");
            }
            if (parameter.getValue().size() > 1) {
                throw new InvalidSearchException(parameter.getKey(), "given " + parameter.getValue().size()
                        + " times; give it once");
            }
        }
        return new SearchQuery(one(parameters, "q"), one(parameters, "modelType"), one(parameters, "framework"),
                one(parameters, "owner"), one(parameters, "tag"), sharing(one(parameters, "sharing")),
                Sort.parse(one(parameters, "sort")), number(parameters, "page", 0),
                number(parameters, "size", DEFAULT_SIZE));
    }

    /** The distinct words to find, in order; the last one is also matched as a prefix. */
    public List<String> words() {
        return text == null ? List.of() : List.copyOf(distinct(text));
    }

    /** Whether the last word also matches the words it begins. */
    public boolean prefixMatch() {
        List<String> words = words();
        return !words.isEmpty() && words.get(words.size() - 1).length() >= MIN_PREFIX_LENGTH;
    }

    public SearchQuery withPage(int newPage) {
        return new SearchQuery(text, modelType, framework, owner, tag, sharing, sort, newPage, size);
    }

    /** Orders of the results; ties go to the most recently modified item. */
    public enum Sort {
        /** Best match first; the same as {@link #MODIFIED} without words. */
        RELEVANCE,
        /** Most recently modified first. */
        MODIFIED,
        /** By title, A to Z, ignoring case. */
        TITLE;

        static Sort parse(String value) {
            if (value == null) {
                return null;
            }
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidSearchException("sort", "expected relevance, modified or title, was \"" + cut(value)
                        + "\"");
            }
        }

        public String parameter() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static LinkedHashSet<String> distinct(String text) {
        // kept in their last position, so that the word typed last stays last and is prefix-matched
        LinkedHashSet<String> words = new LinkedHashSet<>();
        for (String word : SearchText.words(text)) {
            words.remove(word);
            words.add(word);
        }
        return words;
    }

    private static String one(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Sharing sharing(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Sharing.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSearchException("sharing", "expected private, groups, organization or public, was \""
                    + cut(value) + "\"");
        }
    }

    private static int number(Map<String, List<String>> parameters, String name, int absent) {
        String value = one(parameters, name);
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidSearchException(name, "expected a whole number, was \"" + cut(value) + "\"");
        }
    }

    private static String checkedFilter(String name, String value) {
        value = blankToNull(value);
        if (value != null && value.length() > 200) {
            throw new InvalidSearchException(name, "at most 200 characters, was " + value.length());
        }
        return value == null ? null : value.strip();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String cut(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "…";
    }
}
