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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    private final DataSource dataSource;
    private final Object following = new Object();
    private ScheduledExecutorService background;

    // Guarded by `following`.
    private MemorySearchIndex index;
    private long lastSeq;
    private Instant lastRead;
    private final Map<Long, Instant> appliedRecently = new HashMap<>();

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
        this.dataSource = dataSource;
    }

    protected CatalogSearchEngine() {
        this(null); // for the CDI proxy only
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

    /** Reads the whole SQL index into a new memory index, which then replaces the current one. */
    public void load() {
        state = State.LOADING;
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            Instant readAt = Instant.now();
            long seq = SearchChangeLog.lastSeq(connection);
            MemorySearchIndex loaded = MemorySearchLoader.loadAll(connection);
            synchronized (following) {
                index = loaded;
                lastSeq = seq;
                lastRead = readAt;
                appliedRecently.clear(); // the next search re-reads the late-commit window: harmless, and safe
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
            Instant windowStart = now.minus(SearchChangeLog.LATE_COMMIT_WINDOW);
            List<SearchChangeLog.Change> changes = new ArrayList<>();
            for (SearchChangeLog.Change change : SearchChangeLog.read(connection, lastSeq, windowStart)) {
                if (!appliedRecently.containsKey(change.seq())) {
                    changes.add(change);
                }
            }
            if (!changes.isEmpty()) {
                Set<Long> itemIds = new HashSet<>();
                changes.forEach(c -> itemIds.add(c.itemId()));
                List<MemorySearchIndex.Item> current = MemorySearchLoader.load(connection, itemIds);
                current.forEach(item -> itemIds.remove(item.itemId())); // what is left has no entry: removed
                index.apply(current, itemIds);
                for (SearchChangeLog.Change change : changes) {
                    appliedRecently.put(change.seq(), change.changedAt());
                    lastSeq = Math.max(lastSeq, change.seq());
                }
            }
            appliedRecently.values().removeIf(changedAt -> changedAt.isBefore(windowStart));
            lastRead = now;
            return index;
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
