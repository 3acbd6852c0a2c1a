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
import org.rasterhub.core.catalog.AliasName;
import org.rasterhub.core.catalog.Catalog;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.catalog.ItemNotFoundException;
import org.rasterhub.core.catalog.ItemVersion;
import org.rasterhub.core.catalog.VersionNotFoundException;
import org.rasterhub.core.codescan.PackageFileScanner;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.ingest.IngestService;
import org.rasterhub.core.ingest.PackageInspector;
import org.rasterhub.core.ingest.PackageRejectedException;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.CorruptBlobException;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.portal.config.PortalSettings;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.Role;
import org.rasterhub.portal.security.SignedInUser;

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
    private final PackageFileScanner scanner;
    private final Clock clock;
    private final PortalSettings settings;

    @Inject
    public CatalogService(DataFolder dataFolder, BlobStore blobs, PackageInspector inspector,
                          ModelDefinitionReader reader, PackageFileScanner scanner, Clock clock,
                          PortalSettings settings) {
        this.dataFolder = dataFolder;
        this.blobs = blobs;
        this.inspector = inspector;
        this.reader = reader;
        this.scanner = scanner;
        this.clock = clock;
        this.settings = settings;
    }

    protected CatalogService() {
        this(null, null, null, null, null, null, null); // for the CDI proxy only
    }

    /**
     * Stores an uploaded package as a new item.
     *
     * @throws PackageRejectedException when the package is refused; nothing was kept
     */
    public ItemDetails upload(InputStream content, String fileName, long sizeHint, String owner, Progress progress)
            throws PackageRejectedException, IOException {
        IngestService ingest = new IngestService(dataFolder, inspector, reader, scanner, blobs, catalog(),
                settings.maxPackageBytes());
        return ItemDetails.of(ingest.ingestNewItem(content, fileName, sizeHint, owner, progress));
    }

    /**
     * Stores an uploaded package as the next version of an item.
     *
     * @throws ItemNotFoundException    if there is no such item
     * @throws AccessDeniedException    unless the user owns the item or is an administrator
     * @throws PackageRejectedException when the package is refused; nothing was kept
     */
    public ItemDetails uploadVersion(ItemId id, InputStream content, String fileName, long sizeHint,
                                     SignedInUser user, Progress progress) throws PackageRejectedException, IOException {
        requireEditable(id, user);
        IngestService ingest = new IngestService(dataFolder, inspector, reader, scanner, blobs, catalog(),
                settings.maxPackageBytes());
        ItemVersion version = ingest.ingestNewVersion(id, content, fileName, sizeHint, user.username(), progress);
        return ItemDetails.of(item(id), version);
    }

    /** Points an alias at a version, creating or moving it. */
    public ItemDetails setAlias(ItemId id, AliasName alias, int version, SignedInUser user) {
        CatalogItem item = requireEditable(id, user);
        item.setAlias(alias, version, clock.instant());
        return ItemDetails.of(item);
    }

    /** @return false when the alias did not exist */
    public boolean removeAlias(ItemId id, AliasName alias, SignedInUser user) {
        return requireEditable(id, user).removeAlias(alias, clock.instant());
    }

    /** An item shown at one version, named by number or alias. */
    public ItemDetails find(ItemId id, String versionReference) {
        CatalogItem item = item(id);
        return ItemDetails.of(item, item.resolve(versionReference)
                .orElseThrow(() -> new VersionNotFoundException(id, versionReference)));
    }

    /**
     * The package file of a version, hashed again first.
     *
     * @throws CorruptBlobException when the stored bytes no longer match the version's hash
     */
    public StoredPackage verifiedPackage(ItemId id, String versionReference) throws IOException {
        ItemVersion version = item(id).resolve(versionReference)
                .orElseThrow(() -> new VersionNotFoundException(id, versionReference));
        blobs.verify(version.sha256());
        return new StoredPackage(version.fileName(), version.sizeBytes(), version.sha256().hex(),
                blobs.path(version.sha256()));
    }

    public List<ItemSummary> list() {
        return catalog().list().stream().map(ItemSummary::of).toList();
    }

    public Optional<ItemDetails> find(ItemId id) {
        return catalog().find(id).map(ItemDetails::of);
    }

    private CatalogItem item(ItemId id) {
        return catalog().find(id).orElseThrow(() -> new ItemNotFoundException(id));
    }

    private CatalogItem requireEditable(ItemId id, SignedInUser user) {
        CatalogItem item = item(id);
        if (!item.owner().equals(user.username()) && !user.role().includes(Role.ADMINISTRATOR)) {
            throw new AccessDeniedException("only the owner (" + item.owner() + ") or an administrator may change "
                    + "item " + id);
        }
        return item;
    }

    private Catalog catalog() {
        return new Catalog(entityManager, clock);
    }
}
