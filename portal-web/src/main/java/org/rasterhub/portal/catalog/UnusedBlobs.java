package org.rasterhub.portal.catalog;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.portal.config.PortalSettings;
import org.rasterhub.runner.render.TileRenderer;

/**
 * Deletes blobs nothing refers to any more, by one rule: a blob goes when no row of any table names
 * it <em>and</em> it was last touched (stored, or found present by an upload of the same bytes) more
 * than the grace period ago. The grace period spares a blob whose new rows are not committed yet: an
 * upload that just found its bytes present, a run writing its outputs.
 *
 * <p>Two callers: right after a change committed, with the blobs it may have freed ({@link #delete});
 * and a sweep every {@link PortalSettings#blobSweep()} over the whole store ({@link #sweep}), which
 * collects what the first spared as young and what nobody offered (outputs of a run whose final commit
 * failed, a registration that failed after its blobs were stored).
 */
@ApplicationScoped
public class UnusedBlobs {
    private static final System.Logger LOG = System.getLogger(UnusedBlobs.class.getName());
    /** Every column that holds a blob's SHA-256. */
    private static final String REFERENCES = """
            select (select count(*) from item_version where sha256 = ?1)
                 + (select count(*) from package_file where sha256 = ?1)
                 + (select count(*) from catalog_item where thumbnail_sha256 = ?1)
                 + (select count(*) from raster_item where sha256 = ?1)
                 + (select count(*) from feature_item where sha256 = ?1)
                 + (select count(*) from run_input where sha256 = ?1)
                 + (select count(*) from run_output where sha256 = ?1)
                 + (select count(*) from layer_item where thumbnail_sha256 = ?1)
                 + (select count(*) from run_unit u join inference_run r on r.id = u.run_id
                    where u.output_sha256 = ?1 and r.status in ('QUEUED', 'RUNNING'))
                 + (select count(*) from inference_run where package_sha256 = ?1 or model_sha256 = ?1
                                                      or raster_sha256 = ?1 or result_sha256 = ?1)""";

    @PersistenceContext(unitName = "rasterhub")
    private EntityManager entityManager;

    private final BlobStore blobs;
    private final PortalSettings settings;
    private final Clock clock;
    private ScheduledExecutorService sweeper;

    @Inject
    public UnusedBlobs(BlobStore blobs, PortalSettings settings, Clock clock) {
        this.blobs = blobs;
        this.settings = settings;
        this.clock = clock;
    }

    protected UnusedBlobs() {
        this(null, null, null); // for the CDI proxy only
    }

    /**
     * Deletes those of these blobs that no row names and that are older than the grace period; call
     * after the rows were deleted and committed. Young ones are left to the sweep.
     */
    @Transactional
    public int delete(Collection<ContentHash> candidates) {
        Instant cutoff = clock.instant().minus(settings.blobGrace());
        int deleted = 0;
        for (ContentHash hash : candidates) {
            if (unreferenced(hash) && deleteIfUntouchedSince(hash, cutoff)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Collects every blob of the store that the rule lets go. */
    @Transactional
    public int sweep() throws IOException {
        Instant cutoff = clock.instant().minus(settings.blobGrace());
        int deleted = 0;
        for (ContentHash hash : blobs.untouchedSince(cutoff)) {
            if (unreferenced(hash) && deleteIfUntouchedSince(hash, cutoff)) {
                deleted++;
            }
        }
        if (deleted > 0) {
            LOG.log(Level.INFO, "blob sweep deleted={0}", deleted);
        }
        return deleted;
    }

    /** Puts back what a crash left half-collected, then sweeps every {@link PortalSettings#blobSweep()}. */
    public synchronized void start() throws IOException {
        int restored = blobs.restoreTrash();
        if (restored > 0) {
            LOG.log(Level.INFO, "blobs put back from an interrupted collection: {0}", restored);
        }
        if (sweeper != null) {
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "blob-sweep");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.blobSweep().toMillis();
        UnusedBlobs self = jakarta.enterprise.inject.spi.CDI.current().select(UnusedBlobs.class).get();
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                self.sweep();   // through the proxy: in a transaction of its own
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "blob sweep failed; the next one tries again", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    synchronized void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    private boolean unreferenced(ContentHash hash) {
        Number references = (Number) entityManager.createNativeQuery(REFERENCES)
                .setParameter(1, hash.hex()).getSingleResult();
        return references.longValue() == 0;
    }

    private boolean deleteIfUntouchedSince(ContentHash hash, Instant cutoff) {
        try {
            boolean deleted = blobs.deleteIfUntouchedSince(hash, cutoff);
            if (deleted) {
                TileRenderer.forget(blobs.path(hash));   // no open dataset keeps its disk space
            }
            return deleted;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete unused blob " + hash + "; it stays", e);
            return false;
        }
    }
}
