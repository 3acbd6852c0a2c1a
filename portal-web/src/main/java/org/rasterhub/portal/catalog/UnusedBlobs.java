package org.rasterhub.portal.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Collection;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;

/**
 * Deletes blobs nothing refers to any more. Blobs are content-addressed and shared (two items with
 * the same package, a raster used by many runs), so a blob goes only when no row of any table names it.
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
                 + (select count(*) from inference_run where package_sha256 = ?1 or model_sha256 = ?1
                                                      or raster_sha256 = ?1 or result_sha256 = ?1)""";

    @PersistenceContext(unitName = "rasterhub")
    private EntityManager entityManager;

    private final BlobStore blobs;

    @Inject
    public UnusedBlobs(BlobStore blobs) {
        this.blobs = blobs;
    }

    protected UnusedBlobs() {
        this(null); // for the CDI proxy only
    }

    /** Deletes those of these blobs that no row names; call after the rows were deleted and committed. */
    @Transactional
    public int delete(Collection<ContentHash> candidates) {
        int deleted = 0;
        for (ContentHash hash : candidates) {
            Number references = (Number) entityManager.createNativeQuery(REFERENCES)
                    .setParameter(1, hash.hex()).getSingleResult();
            if (references.longValue() == 0 && blobs.contains(hash)) {
                try {
                    blobs.delete(hash);
                    deleted++;
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "could not delete unused blob " + hash + "; it stays", e);
                }
            }
        }
        return deleted;
    }
}
