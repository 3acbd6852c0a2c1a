package org.rasterhub.portal.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.rasterhub.core.catalog.Catalog;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.ingest.IngestService;
import org.rasterhub.core.ingest.PackageInspector;
import org.rasterhub.core.ingest.PackageRejectedException;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.portal.config.PortalSettings;

/** Catalog reads and package uploads, each in one transaction. Used by the UI and the REST API. */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class) // a rejected package is a checked exception: roll back too
public class CatalogService {
    @PersistenceContext(unitName = "rasterhub")
    private EntityManager entityManager;

    private final DataFolder dataFolder;
    private final BlobStore blobs;
    private final PackageInspector inspector;
    private final ModelDefinitionReader reader;
    private final Clock clock;
    private final PortalSettings settings;

    @Inject
    public CatalogService(DataFolder dataFolder, BlobStore blobs, PackageInspector inspector,
                          ModelDefinitionReader reader, Clock clock, PortalSettings settings) {
        this.dataFolder = dataFolder;
        this.blobs = blobs;
        this.inspector = inspector;
        this.reader = reader;
        this.clock = clock;
        this.settings = settings;
    }

    protected CatalogService() {
        this(null, null, null, null, null, null); // for the CDI proxy only
    }

    /**
     * Stores an uploaded package as a new item.
     *
     * @throws PackageRejectedException when the package is refused; nothing was kept
     */
    public ItemDetails upload(InputStream content, String fileName, long sizeHint, String owner, Progress progress)
            throws PackageRejectedException, IOException {
        IngestService ingest = new IngestService(dataFolder, inspector, reader, blobs, catalog(),
                settings.maxPackageBytes());
        return ItemDetails.of(ingest.ingestNewItem(content, fileName, sizeHint, owner, progress));
    }

    public List<ItemSummary> list() {
        return catalog().list().stream().map(ItemSummary::of).toList();
    }

    public Optional<ItemDetails> find(ItemId id) {
        return catalog().find(id).map(ItemDetails::of);
    }

    private Catalog catalog() {
        return new Catalog(entityManager, clock);
    }
}
