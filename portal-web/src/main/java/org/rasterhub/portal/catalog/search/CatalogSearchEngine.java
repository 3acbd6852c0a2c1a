package org.rasterhub.portal.catalog.search;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.rasterhub.portal.catalog.ItemAccess;

/**
 * The catalog's search as the portal runs it: from this node's {@link MemorySearchIndex} once it is
 * loaded (in the background after start), from the SQL index until then or when loading failed.
 *
 * <p>Before each search the memory index applies the {@link SearchChangeLog} entries it has not
 * applied yet, on the search's own connection: a search sees every change committed before it, made
 * on this node or any other sharing the database.
 */
@ApplicationScoped
public class CatalogSearchEngine {
    private static final System.Logger LOG = System.getLogger(CatalogSearchEngine.class.getName());

    /** How many of the last change log entries the first search after loading reads again. */
    static final int REREAD_AFTER_LOAD = 1000;
    /** The memory index may take at most this part of the maximum heap (1/4), or it is not loaded. */
    static final int HEAP_SHARE = 4;

    private final DataSource dataSource;
    private final long maxIndexBytes;
    private final Object following = new Object();
    private ScheduledExecutorService background;

    // Guarded by `following`.
    private MemorySearchIndex index;
    private long lastSeq;
    private Instant lastRead;
    /** Sequence numbers missing below lastSeq, as ranges first → last, with when they were noticed. */
    private final List<Gap> gaps = new ArrayList<>();

    private volatile State state = State.NOT_LOADED;
    private volatile String failure;

    /** Where the memory index is. */
    public enum State {
        NOT_LOADED, LOADING, READY, FAILED
    }

    /** What {@code GET /api/health} tells of search. */
    public record Status(State state, int items, String failure) {
    }

    @Inject
    public CatalogSearchEngine(DataSource dataSource) {
        this(dataSource, Runtime.getRuntime().maxMemory() / HEAP_SHARE);
    }

    /** An engine that does not load a memory index larger than {@code maxIndexBytes} (estimated). */
    CatalogSearchEngine(DataSource dataSource, long maxIndexBytes) {
        this.dataSource = dataSource;
        this.maxIndexBytes = maxIndexBytes;
    }

    protected CatalogSearchEngine() {
        this(null, 0); // for the CDI proxy only
    }

    /** Loads the memory index in the background and prunes the change log hourly. */
    public synchronized void start() {
        if (background != null) {
            return;
        }
        background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "search-index");
            thread.setDaemon(true);
            return thread;
        });
        background.execute(this::load);
        background.scheduleWithFixedDelay(this::prune, 0, 1, TimeUnit.HOURS);
    }

    @PreDestroy
    synchronized void stop() {
        if (background != null) {
            background.shutdownNow();
        }
    }

    public Status status() {
        synchronized (following) {
            return new Status(state, index == null ? 0 : index.size(), failure);
        }
    }

    /** One page of the matches the caller may see, in the entity manager's transaction. */
    public SearchPage search(EntityManager entityManager, SearchQuery query, ItemAccess access) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> search(connection, query, access));
    }

    /** The model types and frameworks the caller's filters can offer. */
    public SearchFacets facets(EntityManager entityManager, ItemAccess access) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            MemorySearchIndex current = follow(connection);
            return current == null ? CatalogSearch.facets(connection, access) : current.facets(access);
        });
    }

    /** One page of the matches the caller may see, on a plain connection (tools and tests). */
    public SearchPage search(Connection connection, SearchQuery query, ItemAccess access) throws SQLException {
        MemorySearchIndex current = follow(connection);
        if (current == null) {
            return CatalogSearch.run(connection, query, access);
        }
        MemorySearchIndex.Hits hits = current.search(query, access);
        return CatalogSearch.page(connection, query, hits.total(), hits.rows());
    }

    /**
     * Reads the whole SQL index into a new memory index, which then replaces the current one; run in
     * the background by {@link #start}, directly by tools and tests.
     */
    public void load() {
        state = State.LOADING;
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            long needed = MemorySearchLoader.estimatedBytes(connection);
            if (needed > maxIndexBytes) {
                failure = "the search index would need ~" + Math.max(1, needed >> 20) + " MiB of heap, more than the "
                        + Math.max(1, maxIndexBytes >> 20) + " MiB allowed (1/" + HEAP_SHARE + " of the maximum heap);"
                        + " searching with SQL. Raise RASTERHUB_MAX_HEAP to search from memory";
                state = State.FAILED;
                LOG.log(Level.WARNING, "search index not loaded into memory: {0}", failure);
                return;
            }
            Instant readAt = Instant.now();
            long seq = SearchChangeLog.lastSeq(connection);
            MemorySearchIndex loaded = MemorySearchLoader.loadAll(connection);
            synchronized (following) {
                index = loaded;
                // Entries below the highest may belong to transactions still running: the first search
                // reads the last ones again, which re-applies them and notes the numbers still missing.
                lastSeq = Math.max(0, seq - REREAD_AFTER_LOAD);
                lastRead = readAt;
                gaps.clear();
                failure = null;
                state = State.READY;
            }
            LOG.log(Level.INFO, "search index loaded into memory items={0} ms={1}", loaded.size(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException | RuntimeException | OutOfMemoryError e) {
            failure = e.toString();
            state = State.FAILED;
            LOG.log(Level.ERROR, "search index not loaded into memory; searching with SQL", e);
        }
    }

    /**
     * Applies the change log's new entries to the memory index and returns it; null while there is
     * none. A node that has not read the log for longer than entries are kept reloads instead.
     */
    private MemorySearchIndex follow(Connection connection) throws SQLException {
        synchronized (following) {
            if (index == null) {
                return null;
            }
            Instant now = Instant.now();
            if (lastRead.isBefore(now.minus(SearchChangeLog.KEPT_FOR.dividedBy(2)))) {
                index = null;
                state = State.NOT_LOADED;
                background.execute(this::load);
                return null;
            }
            List<SearchChangeLog.Change> changes = new ArrayList<>();
            for (Gap gap : gaps) {
                changes.addAll(SearchChangeLog.between(connection, gap.first(), gap.last()));
            }
            List<SearchChangeLog.Change> newer = SearchChangeLog.after(connection, lastSeq);
            changes.addAll(newer);
            if (!changes.isEmpty()) {
                Set<Long> itemIds = new HashSet<>();
                changes.forEach(c -> itemIds.add(c.itemId()));
                List<MemorySearchIndex.Item> current = MemorySearchLoader.load(connection, itemIds);
                current.forEach(item -> itemIds.remove(item.itemId())); // what is left has no entry: removed
                index.apply(current, itemIds);
            }
            noteGaps(changes, newer, now);
            lastRead = now;
            return index;
        }
    }

    /**
     * Keeps the gaps still unfilled and not yet expired, and adds those among the newer entries: a
     * number missing there belongs to a transaction that has not committed (or never will).
     */
    private void noteGaps(List<SearchChangeLog.Change> changes, List<SearchChangeLog.Change> newer, Instant now) {
        java.util.TreeSet<Long> found = new java.util.TreeSet<>();
        changes.forEach(c -> found.add(c.seq()));
        List<Gap> kept = new ArrayList<>();
        for (Gap gap : gaps) {
            if (gap.noticed().isAfter(now.minus(SearchChangeLog.LATE_COMMIT_WINDOW))) {
                kept.addAll(gap.without(found));
            }
        }
        long previous = lastSeq;
        for (SearchChangeLog.Change change : newer) {
            if (change.seq() > previous + 1) {
                kept.add(new Gap(previous + 1, change.seq() - 1, now));
            }
            previous = change.seq();
        }
        gaps.clear();
        gaps.addAll(kept);
        lastSeq = previous;
    }

    /** Missing sequence numbers first → last, noticed at a time. */
    private record Gap(long first, long last, Instant noticed) {
        /** This gap less the numbers found since: up to as many smaller gaps as numbers found inside. */
        List<Gap> without(java.util.NavigableSet<Long> found) {
            List<Gap> left = new ArrayList<>();
            long from = first;
            for (long seq : found.subSet(first, true, last, true)) {
                if (seq > from) {
                    left.add(new Gap(from, seq - 1, noticed));
                }
                from = seq + 1;
            }
            if (from <= last) {
                left.add(new Gap(from, last, noticed));
            }
            return left;
        }
    }

    private void prune() {
        try (Connection connection = dataSource.getConnection()) {
            int pruned = SearchChangeLog.prune(connection, Instant.now().minus(SearchChangeLog.KEPT_FOR));
            if (pruned > 0) {
                LOG.log(Level.INFO, "search change log pruned entries={0}", pruned);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "search change log not pruned: " + e.getMessage());
        }
    }
}
