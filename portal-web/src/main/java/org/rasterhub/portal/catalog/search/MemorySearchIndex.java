package org.rasterhub.portal.catalog.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.portal.catalog.ItemAccess;

/**
 * The search index held in memory: a copy of {@code search_item}, {@code search_term},
 * {@code search_tag} and the items' groups, answering a {@link SearchQuery} exactly as
 * {@link SearchSql} does (same matches, scores, visibility, order and total), but without touching
 * every matching row in the database: a search of 100,000 items takes milliseconds.
 *
 * <p>Items are numbered densely (ordinals) so that per-item facts are arrays and a search keeps
 * its scores in an array too. A changed item gets a new ordinal and its old one is marked dead, so
 * postings only ever grow at their end; dead entries are dropped when they make up a third.
 * Searches share a read lock; changes take the write lock for as long as it takes to apply them.
 */
final class MemorySearchIndex {
    private static final int SHARING_PRIVATE = Sharing.PRIVATE.ordinal();
    private static final int SHARING_ORGANIZATION = Sharing.ORGANIZATION.ordinal();
    private static final int SHARING_PUBLIC = Sharing.PUBLIC.ordinal();
    private static final long[] NO_GROUPS = new long[0];
    private static final int[] NO_TAGS = new int[0];

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Names owners = new Names();
    private final Names modelTypes = new Names();
    private final Names frameworks = new Names();
    private final Names tagNames = new Names();
    private final TreeMap<String, Postings> terms = new TreeMap<>();
    private final Map<Long, Integer> ordinalOfItem = new HashMap<>();
    private final BitSet live = new BitSet();

    // Facts by ordinal; ordinals up to `used` are taken, those not in `live` are dead.
    private int used;
    private long[] itemIds = new long[1024];
    private int[] ownerOf = new int[1024];
    private byte[] sharingOf = new byte[1024];
    private long[] modifiedNanos = new long[1024];
    private String[] titleKeys = new String[1024];
    private int[] versions = new int[1024];
    private int[] modelTypeOf = new int[1024];
    private int[] frameworkOf = new int[1024];
    private int[] classCounts = new int[1024];
    private int[][] tagsOf = new int[1024][];
    private long[][] groupsOf = new long[1024][];

    /** One item as the index keeps it. Terms may be empty while loading, with {@link #addTerm} after. */
    record Item(long itemId, String owner, Sharing sharing, Instant modified, String titleKey, int version,
                String modelType, String framework, int classCount, Collection<String> tags, long[] groups,
                Map<String, Integer> terms) {
    }

    /** One page of matches and how many match in all. */
    record Hits(long total, List<SearchRow> rows) {
    }

    int size() {
        lock.readLock().lock();
        try {
            return ordinalOfItem.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Ordinals taken, live or dead: what compaction brings back to {@link #size}. */
    int ordinalsInUse() {
        lock.readLock().lock();
        try {
            return used;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Adds or replaces items and removes others: what the change log said, read back from the database. */
    void apply(Collection<Item> changed, Collection<Long> removed) {
        lock.writeLock().lock();
        try {
            removed.forEach(this::kill);
            for (Item item : changed) {
                kill(item.itemId());
                int ordinal = add(item);
                item.terms().forEach((term, weight) -> posting(term).add(ordinal, weight));
            }
            compactIfWorthIt();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The highest item id loaded, 0 for none; for loading. */
    long highestItemId() {
        long highest = 0;
        for (long id : ordinalOfItem.keySet()) {
            highest = Math.max(highest, id);
        }
        return highest;
    }

    /** Adds an item's facts without terms; for loading, before the index is shared. */
    void load(Item item) {
        kill(item.itemId());
        add(item);
    }

    /** Adds one term of an item added by {@link #load}; for loading, before the index is shared. */
    void addTerm(String term, long itemId, int weight) {
        Integer ordinal = ordinalOfItem.get(itemId);
        if (ordinal != null) { // a term row whose item row is missing belongs to an item being deleted
            posting(term).add(ordinal, weight);
        }
    }

    Hits search(SearchQuery query, ItemAccess access) {
        lock.readLock().lock();
        try {
            boolean words = !query.words().isEmpty();
            int[] scores = words ? new int[used] : null; // relevance needs words
            int[] candidates = words ? matchWords(query, scores) : allLive();
            Viewer viewer = new Viewer(access);
            Filter filter = new Filter(query);
            int[] matches = new int[candidates.length];
            int total = 0;
            for (int ordinal : candidates) {
                if (viewer.sees(ordinal) && filter.passes(ordinal)) {
                    matches[total++] = ordinal;
                }
            }
            long offset = (long) query.page() * query.size();
            if (offset >= total) {
                return new Hits(total, List.of());
            }
            int wanted = (int) Math.min(total, offset + query.size());
            int[] first = TopOrdinals.select(matches, total, wanted, order(query, scores));
            List<SearchRow> rows = new ArrayList<>();
            for (int i = (int) offset; i < wanted; i++) {
                rows.add(row(first[i]));
            }
            return new Hits(total, rows);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The model types and frameworks of the items the caller may see. */
    SearchFacets facets(ItemAccess access) {
        lock.readLock().lock();
        try {
            Viewer viewer = new Viewer(access);
            BitSet types = new BitSet();
            BitSet names = new BitSet();
            for (int ordinal = live.nextSetBit(0); ordinal >= 0; ordinal = live.nextSetBit(ordinal + 1)) {
                if (viewer.sees(ordinal)) {
                    types.set(modelTypeOf[ordinal]);
                    if (frameworkOf[ordinal] >= 0) {
                        names.set(frameworkOf[ordinal]);
                    }
                }
            }
            return new SearchFacets(List.copyOf(modelTypes.names(types)), List.copyOf(frameworks.names(names)));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Scores the items that contain every word, as {@link SearchSql} does: an exact word counts its
     * weight twice; the last word, when prefix-matched, counts the best of the words it begins (the
     * word itself twice). Returns the ordinals of the matching items; their scores are in
     * {@code scores}.
     */
    private int[] matchWords(SearchQuery query, int[] scores) {
        List<String> words = query.words();
        byte[] wordsMatched = new byte[used];
        IntList candidates = new IntList();
        for (int w = 0; w < words.size(); w++) {
            String word = words.get(w);
            boolean first = w == 0;
            if (w == words.size() - 1 && query.prefixMatch()) {
                int[] best = new int[used];
                IntList touched = new IntList();
                for (var entry : terms.subMap(word, true, SearchSql.prefixEnd(word), false).entrySet()) {
                    int factor = entry.getKey().equals(word) ? 2 : 1;
                    Postings postings = entry.getValue();
                    for (int j = 0; j < postings.size; j++) {
                        int ordinal = postings.ordinals[j];
                        if (wordsMatched[ordinal] == w && live.get(ordinal)) {
                            if (best[ordinal] == 0) {
                                touched.add(ordinal);
                            }
                            best[ordinal] = Math.max(best[ordinal], postings.weights[j] * factor);
                        }
                    }
                }
                for (int j = 0; j < touched.size; j++) {
                    int ordinal = touched.values[j];
                    wordsMatched[ordinal]++;
                    scores[ordinal] += best[ordinal];
                }
                if (first) {
                    candidates = touched;
                }
            } else {
                Postings postings = terms.get(word);
                if (postings == null) {
                    return new int[0];
                }
                for (int j = 0; j < postings.size; j++) {
                    int ordinal = postings.ordinals[j];
                    if (wordsMatched[ordinal] == w && live.get(ordinal)) {
                        wordsMatched[ordinal]++;
                        scores[ordinal] += postings.weights[j] * 2;
                        if (first) {
                            candidates.add(ordinal);
                        }
                    }
                }
            }
        }
        IntList all = new IntList();
        for (int j = 0; j < candidates.size; j++) {
            if (wordsMatched[candidates.values[j]] == words.size()) {
                all.add(candidates.values[j]);
            }
        }
        return all.toArray();
    }

    /** Orders of {@link SearchSql}: the sort's key, then most recently modified, then highest id. */
    private TopOrdinals.Order order(SearchQuery query, int[] scores) {
        TopOrdinals.Order latestFirst = (a, b) -> {
            int byTime = Long.compare(modifiedNanos[b], modifiedNanos[a]);
            return byTime != 0 ? byTime : Long.compare(itemIds[b], itemIds[a]);
        };
        if (query.sort() == SearchQuery.Sort.TITLE) {
            return (a, b) -> {
                int byTitle = titleKeys[a].compareTo(titleKeys[b]);
                return byTitle != 0 ? byTitle : latestFirst.compare(a, b);
            };
        }
        if (query.sort() == SearchQuery.Sort.RELEVANCE && !query.words().isEmpty()) {
            return (a, b) -> {
                int byScore = Integer.compare(scores[b], scores[a]);
                return byScore != 0 ? byScore : latestFirst.compare(a, b);
            };
        }
        return latestFirst;
    }

    private SearchRow row(int ordinal) {
        return new SearchRow(itemIds[ordinal], owners.name(ownerOf[ordinal]), Sharing.values()[sharingOf[ordinal]],
                Instant.ofEpochSecond(0, modifiedNanos[ordinal]), versions[ordinal],
                modelTypes.name(modelTypeOf[ordinal]),
                frameworkOf[ordinal] < 0 ? null : frameworks.name(frameworkOf[ordinal]), classCounts[ordinal]);
    }

    private int[] allLive() {
        int[] all = new int[live.cardinality()];
        int i = 0;
        for (int ordinal = live.nextSetBit(0); ordinal >= 0; ordinal = live.nextSetBit(ordinal + 1)) {
            all[i++] = ordinal;
        }
        return all;
    }

    private int add(Item item) {
        if (used == itemIds.length) {
            grow(used * 2);
        }
        int ordinal = used++;
        itemIds[ordinal] = item.itemId();
        ownerOf[ordinal] = owners.id(item.owner());
        sharingOf[ordinal] = (byte) item.sharing().ordinal();
        modifiedNanos[ordinal] = item.modified().getEpochSecond() * 1_000_000_000L + item.modified().getNano();
        titleKeys[ordinal] = item.titleKey();
        versions[ordinal] = item.version();
        modelTypeOf[ordinal] = modelTypes.id(item.modelType());
        frameworkOf[ordinal] = item.framework() == null ? -1 : frameworks.id(item.framework());
        classCounts[ordinal] = item.classCount();
        tagsOf[ordinal] = item.tags().isEmpty() ? NO_TAGS
                : item.tags().stream().mapToInt(tagNames::id).distinct().sorted().toArray();
        long[] groups = item.groups().length == 0 ? NO_GROUPS : item.groups().clone();
        Arrays.sort(groups);
        groupsOf[ordinal] = groups;
        live.set(ordinal);
        ordinalOfItem.put(item.itemId(), ordinal);
        return ordinal;
    }

    private void kill(long itemId) {
        Integer ordinal = ordinalOfItem.remove(itemId);
        if (ordinal != null) {
            live.clear(ordinal);
            titleKeys[ordinal] = null;
            tagsOf[ordinal] = null;
            groupsOf[ordinal] = null;
        }
    }

    private Postings posting(String term) {
        return terms.computeIfAbsent(term, t -> new Postings());
    }

    private void grow(int capacity) {
        itemIds = Arrays.copyOf(itemIds, capacity);
        ownerOf = Arrays.copyOf(ownerOf, capacity);
        sharingOf = Arrays.copyOf(sharingOf, capacity);
        modifiedNanos = Arrays.copyOf(modifiedNanos, capacity);
        titleKeys = Arrays.copyOf(titleKeys, capacity);
        versions = Arrays.copyOf(versions, capacity);
        modelTypeOf = Arrays.copyOf(modelTypeOf, capacity);
        frameworkOf = Arrays.copyOf(frameworkOf, capacity);
        classCounts = Arrays.copyOf(classCounts, capacity);
        tagsOf = Arrays.copyOf(tagsOf, capacity);
        groupsOf = Arrays.copyOf(groupsOf, capacity);
    }

    /**
     * Renumbers the live items densely and drops dead postings, once dead ordinals are a third of
     * all: frequent edits would otherwise make every search scan more dead entries than live ones.
     */
    private void compactIfWorthIt() {
        int dead = used - ordinalOfItem.size();
        if (dead < 1024 || dead * 3 < used) {
            return;
        }
        int[] newOrdinal = new int[used];
        int next = 0;
        for (int old = 0; old < used; old++) {
            if (live.get(old)) {
                newOrdinal[old] = next;
                move(old, next);
                next++;
            } else {
                newOrdinal[old] = -1;
            }
        }
        live.clear();
        live.set(0, next);
        used = next;
        ordinalOfItem.replaceAll((item, old) -> newOrdinal[old]);
        terms.values().removeIf(postings -> postings.renumber(newOrdinal) == 0);
    }

    private void move(int from, int to) {
        itemIds[to] = itemIds[from];
        ownerOf[to] = ownerOf[from];
        sharingOf[to] = sharingOf[from];
        modifiedNanos[to] = modifiedNanos[from];
        titleKeys[to] = titleKeys[from];
        versions[to] = versions[from];
        modelTypeOf[to] = modelTypeOf[from];
        frameworkOf[to] = frameworkOf[from];
        classCounts[to] = classCounts[from];
        tagsOf[to] = tagsOf[from];
        groupsOf[to] = groupsOf[from];
    }

    /** {@link ItemAccess#canView}, on ordinals: the same rule as {@link ItemAccess#viewableSql}. */
    private final class Viewer {
        private final boolean administrator;
        private final boolean signedIn;
        private final int me;
        private final long[] groups;

        Viewer(ItemAccess access) {
            administrator = access.caller().isAdministrator();
            signedIn = access.caller().signedIn();
            me = signedIn ? owners.idIfKnown(access.caller().username()) : -1;
            groups = access.groups().stream().mapToLong(Long::longValue).sorted().toArray();
        }

        boolean sees(int ordinal) {
            int sharing = sharingOf[ordinal];
            if (administrator || sharing == SHARING_PUBLIC) {
                return true;
            }
            if (!signedIn) {
                return false;
            }
            if (ownerOf[ordinal] == me || sharing == SHARING_ORGANIZATION) {
                return true;
            }
            if (sharing == SHARING_PRIVATE) {
                return false; // a private item stays private to members of the groups it was shared with
            }
            for (long group : groupsOf[ordinal]) {
                if (Arrays.binarySearch(groups, group) >= 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The query's filters on ordinals; a value the index has never seen matches nothing. */
    private final class Filter {
        private static final int ANY = -1;
        private static final int NONE = -2;
        private final int modelType;
        private final int framework;
        private final int owner;
        private final int sharing;
        private final int tag;

        Filter(SearchQuery query) {
            modelType = query.modelType() == null ? ANY : known(modelTypes.idIfKnown(query.modelType()));
            framework = query.framework() == null ? ANY : known(frameworks.idIfKnown(query.framework()));
            owner = query.owner() == null ? ANY : known(owners.idIfKnown(query.owner()));
            sharing = query.sharing() == null ? ANY : query.sharing().ordinal();
            tag = query.tag() == null ? ANY : known(tagNames.idIfKnown(SearchIndex.tagKey(query.tag())));
        }

        private static int known(int id) {
            return id < 0 ? NONE : id;
        }

        boolean passes(int ordinal) {
            return (modelType == ANY || modelTypeOf[ordinal] == modelType)
                    && (framework == ANY || frameworkOf[ordinal] == framework)
                    && (owner == ANY || ownerOf[ordinal] == owner)
                    && (sharing == ANY || sharingOf[ordinal] == sharing)
                    && (tag == ANY || tag != NONE && Arrays.binarySearch(tagsOf[ordinal], tag) >= 0);
        }
    }

    /** Distinct strings numbered in order of first appearance; numbers are never reused. */
    private static final class Names {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> names = new ArrayList<>();

        int id(String name) {
            return ids.computeIfAbsent(name, n -> {
                names.add(n);
                return names.size() - 1;
            });
        }

        int idIfKnown(String name) {
            return ids.getOrDefault(name, -1);
        }

        String name(int id) {
            return names.get(id);
        }

        TreeSet<String> names(BitSet ids) {
            TreeSet<String> set = new TreeSet<>();
            ids.stream().forEach(id -> set.add(names.get(id)));
            return set;
        }
    }

    /** The items a term is in, with its weight in each, in the order they were added. */
    private static final class Postings {
        int[] ordinals = new int[4];
        byte[] weights = new byte[4]; // at most 8 + 4 + 4 + 2 + 1 = 19
        int size;

        void add(int ordinal, int weight) {
            if (size == ordinals.length) {
                ordinals = Arrays.copyOf(ordinals, size * 2);
                weights = Arrays.copyOf(weights, size * 2);
            }
            ordinals[size] = ordinal;
            weights[size] = (byte) weight;
            size++;
        }

        /** Keeps live entries under their new ordinals; returns how many are left. */
        int renumber(int[] newOrdinal) {
            int kept = 0;
            for (int j = 0; j < size; j++) {
                int renumbered = newOrdinal[ordinals[j]];
                if (renumbered >= 0) {
                    ordinals[kept] = renumbered;
                    weights[kept] = weights[j];
                    kept++;
                }
            }
            size = kept;
            return kept;
        }
    }

    /** A growable list of ints without boxing. */
    static final class IntList {
        int[] values = new int[16];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
