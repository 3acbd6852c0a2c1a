package org.rasterhub.portal.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
import org.rasterhub.portal.catalog.search.CatalogSearchEngine;
import org.rasterhub.portal.catalog.search.SearchFacets;
import org.rasterhub.portal.catalog.search.SearchIndex;
import org.rasterhub.portal.catalog.search.SearchPage;
import org.rasterhub.portal.catalog.search.SearchQuery;
import org.rasterhub.portal.config.PortalSettings;
import org.rasterhub.core.catalog.Shareable;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.core.run.InferenceRun;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.portal.run.RunStateException;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.GroupService;
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
    private final GroupService groups;
    private final CatalogSearchEngine searchEngine;

    @Inject
    public CatalogService(DataFolder dataFolder, BlobStore blobs, PackageInspector inspector,
                          ModelDefinitionReader reader, PackageFileScanner scanner, Clock clock,
                          PortalSettings settings, GroupService groups, CatalogSearchEngine searchEngine) {
        this.dataFolder = dataFolder;
        this.blobs = blobs;
        this.inspector = inspector;
        this.reader = reader;
        this.scanner = scanner;
        this.clock = clock;
        this.settings = settings;
        this.groups = groups;
        this.searchEngine = searchEngine;
    }

    protected CatalogService() {
        this(null, null, null, null, null, null, null, null, null); // for the CDI proxy only
    }

    /**
     * Checks, before a byte of the package is read, that the account may upload one.
     *
     * @throws AccessDeniedException for viewers, who may not create items
     */
    public void requireCanUpload(SignedInUser owner) {
        if (!access(Caller.of(owner)).canCreate()) {
            throw new AccessDeniedException("viewers cannot upload packages; ask an administrator for the User role");
        }
    }

    /**
     * Registers a package staged by {@link PackageUploads} as a new, private item of the caller, in a
     * short transaction; the account is checked again as it is now.
     *
     * @throws AccessDeniedException for viewers, who may not create items
     */
    public ItemDetails registerNewItem(IngestService.StagedPackage staged, SignedInUser owner) throws IOException {
        requireCanUpload(owner);
        ItemAccess access = access(Caller.of(owner));
        CatalogItem item = registrar().registerNewItem(staged, owner.username());
        SearchIndex.update(entityManager, item);
        return details(item, item.latestVersion(), access);
    }

    /**
     * Checks, before a byte of the package is read, that the account may add versions to the item.
     *
     * @throws ItemNotFoundException if there is no such item the user may see
     * @throws AccessDeniedException unless the user owns the item or is an administrator
     */
    public void requireCanAddVersion(ItemId id, SignedInUser user) {
        requireManageable(id, access(Caller.of(user)), "add versions to");
    }

    /**
     * Registers a package staged by {@link PackageUploads} as the next version of an item, in a short
     * transaction; the account and the item are checked again as they are now.
     */
    public ItemDetails registerNewVersion(ItemId id, IngestService.StagedPackage staged, SignedInUser user)
            throws IOException {
        ItemAccess access = access(Caller.of(user));
        requireManageable(id, access, "add versions to");
        ItemVersion version = registrar().registerNewVersion(id, staged, user.username());
        SearchIndex.update(entityManager, visibleItem(id, access));
        return details(visibleItem(id, access), version, access);
    }

    private IngestService registrar() {
        return new IngestService(dataFolder, inspector, reader, scanner, blobs, catalog(), settings.maxPackageBytes());
    }

    /** Points an alias at a version, creating or moving it. */
    public ItemDetails setAlias(ItemId id, AliasName alias, int version, SignedInUser user) {
        ItemAccess access = access(Caller.of(user));
        CatalogItem item = requireManageable(id, access, "set aliases of");
        item.setAlias(alias, version, clock.instant());
        SearchIndex.update(entityManager, item);
        return details(item, item.latestVersion(), access);
    }

    /** @return false when the alias did not exist */
    public boolean removeAlias(ItemId id, AliasName alias, SignedInUser user) {
        CatalogItem item = requireManageable(id, access(Caller.of(user)), "remove aliases of");
        boolean removed = item.removeAlias(alias, clock.instant());
        SearchIndex.update(entityManager, item);
        return removed;
    }

    /**
     * Replaces title, summary, description and tags.
     *
     * @throws InvalidItemEditException naming the field that was refused
     */
    public ItemDetails describe(ItemId id, Caller caller, ItemEdit edit) {
        ItemAccess access = access(caller);
        CatalogItem item = requireManageable(id, access, "edit");
        try {
            item.describe(edit.title() == null ? item.title() : edit.title(),
                    edit.summary() == null ? item.summary().orElse(null) : edit.summary(),
                    edit.description() == null ? item.description().orElse(null) : edit.description(),
                    edit.tags() == null ? item.tags() : edit.tags(), clock.instant());
        } catch (IllegalArgumentException e) {
            throw new InvalidItemEditException(e.getMessage());
        }
        SearchIndex.update(entityManager, item);
        return details(item, item.latestVersion(), access);
    }

    /**
     * Shares an item at a level with exactly these groups. Others than administrators may only
     * share with groups they belong to.
     */
    public ItemDetails share(ItemId id, Caller caller, Sharing level, Collection<Long> groupIds) {
        ItemAccess access = access(caller);
        CatalogItem item = requireManageable(id, access, "share");
        item.share(level, groupsToShareWith(access, item, groupIds), clock.instant());
        SearchIndex.update(entityManager, item);
        return details(item, item.latestVersion(), access);
    }

    /**
     * The groups an item or layer may be shared with: existing ones, and (for others than
     * administrators) ones the caller belongs to or the item is shared with already.
     *
     * @throws InvalidItemEditException naming ids that are no group
     * @throws AccessDeniedException    naming groups the caller may not share with
     */
    public Set<Long> groupsToShareWith(ItemAccess access, Shareable item, Collection<Long> requested) {
        Set<Long> wanted = new TreeSet<>(requested);
        if (!groups.allExist(wanted)) {
            throw new InvalidItemEditException("groups: no group has the id(s) " + wanted.stream()
                    .filter(g -> !groups.allExist(Set.of(g))).toList());
        }
        // Groups the item is already shared with may stay even when the caller left them.
        Set<Long> notMine = new TreeSet<>(wanted);
        notMine.removeAll(access.groups());
        notMine.removeAll(item.groups());
        if (!access.caller().isAdministrator() && !notMine.isEmpty()) {
            throw new AccessDeniedException("you may share only with groups you belong to; not a member of " + notMine);
        }
        return wanted;
    }

    /**
     * Deletes an item with its versions and the runs made with it. Returns the blobs that may now be
     * unused: pass them to {@link UnusedBlobs#delete} after this transaction committed.
     *
     * @throws RunStateException while a run of the item is queued or running
     */
    public Set<ContentHash> delete(ItemId id, Caller caller) {
        CatalogItem item = requireManageable(id, access(caller), "delete");
        List<InferenceRun> runs = entityManager.createQuery(
                "select r from InferenceRun r where r.itemId = :item", InferenceRun.class)
                .setParameter("item", id.value()).getResultList();
        if (runs.stream().anyMatch(r -> !r.status().finished())) {
            throw new RunStateException("item " + id + " has runs that are queued or running; cancel them first");
        }
        Set<ContentHash> maybeUnused = new TreeSet<>(java.util.Comparator.comparing(ContentHash::hex));
        for (ItemVersion version : item.versions()) {
            maybeUnused.add(version.sha256());
            version.files().forEach(f -> maybeUnused.add(f.sha256()));
        }
        item.thumbnailSha256().ifPresent(maybeUnused::add);
        for (InferenceRun run : runs) {
            run.outputs().forEach(o -> maybeUnused.add(o.sha256()));
        }
        // Retries point at the runs they retried: unlink them before removing any.
        entityManager.createQuery("update InferenceRun r set r.retryOf = null where r.itemId = :item")
                .setParameter("item", id.value()).executeUpdate();
        runs.forEach(entityManager::remove);
        entityManager.remove(item);
        entityManager.flush();
        SearchIndex.removed(entityManager, id.value());
        return maybeUnused;
    }

    /**
     * Uses an uploaded PNG or JPEG as the item's thumbnail; the image is decoded first and refused
     * when it is not one, too large, or more than {@link Thumbnails#MAX_SIDE} pixels on a side. The
     * replaced image may now be unused: pass {@link ThumbnailChange#maybeUnused} to
     * {@link UnusedBlobs#delete} after this transaction committed.
     */
    /**
     * Checks, before a byte of the image is read, that the caller may change the item's thumbnail.
     *
     * @throws ItemNotFoundException if there is no such item the caller may see
     * @throws AccessDeniedException unless the caller manages the item
     */
    public void requireCanChangeThumbnail(ItemId id, Caller caller) {
        requireManageable(id, access(caller), "change the thumbnail of");
    }

    public ThumbnailChange setThumbnail(ItemId id, Caller caller, InputStream image) throws IOException {
        ItemAccess access = access(caller);
        CatalogItem item = requireManageable(id, access, "change the thumbnail of");
        Thumbnails.Image checked = Thumbnails.check(image);
        java.security.MessageDigest digest = ContentHash.newDigest();
        digest.update(checked.bytes());
        ContentHash hash = ContentHash.of(digest);
        java.nio.file.Path staged = java.nio.file.Files.createTempFile(dataFolder.tmp(), "thumbnail-", ".img");
        try {
            java.nio.file.Files.write(staged, checked.bytes());
            blobs.put(staged, hash);
        } finally {
            java.nio.file.Files.deleteIfExists(staged);
        }
        Set<ContentHash> replaced = item.thumbnailSha256().filter(old -> !old.equals(hash)).map(Set::of)
                .orElse(Set.of());
        item.setThumbnail(hash, checked.mediaType(), clock.instant());
        SearchIndex.update(entityManager, item);
        return new ThumbnailChange(details(item, item.latestVersion(), access), replaced);
    }

    /** The item with its new thumbnail, and the blob of the one it replaced, if any. */
    public record ThumbnailChange(ItemDetails item, Set<ContentHash> maybeUnused) {
    }

    /** The item's thumbnail: the uploaded one, or one drawn from the latest version's class colours. */
    public Thumbnails.Image thumbnail(ItemId id, Caller caller) throws IOException {
        CatalogItem item = visibleItem(id, access(caller));
        if (item.thumbnailSha256().isPresent()) {
            try (InputStream in = blobs.open(item.thumbnailSha256().get())) {
                return new Thumbnails.Image(in.readAllBytes(), item.thumbnailType().orElse("image/png"));
            }
        }
        return Thumbnails.drawn(item.latestVersion().classes());
    }

    /** An item shown at one version, named by number or alias. */
    public ItemDetails find(ItemId id, String versionReference, Caller caller) {
        ItemAccess access = access(caller);
        CatalogItem item = visibleItem(id, access);
        return details(item, item.resolve(versionReference)
                .orElseThrow(() -> new VersionNotFoundException(id, versionReference)), access);
    }

    /**
     * The package file of a version, hashed again first.
     *
     * @throws CorruptBlobException when the stored bytes no longer match the version's hash
     */
    public StoredPackage verifiedPackage(ItemId id, String versionReference, Caller caller) throws IOException {
        ItemVersion version = visibleItem(id, access(caller)).resolve(versionReference)
                .orElseThrow(() -> new VersionNotFoundException(id, versionReference));
        blobs.verify(version.sha256());
        return new StoredPackage(version.fileName(), version.sizeBytes(), version.sha256().hex(),
                blobs.path(version.sha256()));
    }

    /**
     * One page of the items the caller may see that match the query, with how many match in all.
     * Visibility is part of the query: neither page nor total counts an item the caller may not see.
     */
    public SearchPage search(SearchQuery query, Caller caller) {
        return searchEngine.search(entityManager, query, access(caller));
    }

    /** The model types and frameworks the catalog's filters offer this caller. */
    public SearchFacets searchFacets(Caller caller) {
        return searchEngine.facets(entityManager, access(caller));
    }

    public Optional<ItemDetails> find(ItemId id, Caller caller) {
        ItemAccess access = access(caller);
        return catalog().find(id).filter(access::canView).map(item -> details(item, item.latestVersion(), access));
    }

    /** Whether the caller may view the item; false when there is none. */
    public boolean canView(ItemId id, Caller caller) {
        return catalog().find(id).filter(access(caller)::canView).isPresent();
    }

    /** Whether the caller may run the item's models; false when there is none. */
    public boolean canRun(ItemId id, Caller caller) {
        return catalog().find(id).filter(access(caller)::canRun).isPresent();
    }

    /** The rules for this caller, with the groups they belong to. */
    public ItemAccess access(Caller caller) {
        return new ItemAccess(caller, groups.groupsOf(caller.username()));
    }

    private ItemDetails details(CatalogItem item, ItemVersion version, ItemAccess access) {
        return ItemDetails.of(item, version, access.allowedActions(item), groupNames(item.groups()));
    }

    private List<ItemDetails.SharedGroup> groupNames(Set<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return entityManager.createQuery("select g.id, g.name from PortalGroup g where g.id in :ids order by g.name",
                        Object[].class)
                .setParameter("ids", ids).getResultStream()
                .map(row -> new ItemDetails.SharedGroup((Long) row[0], (String) row[1])).toList();
    }

    /** The item if the caller may see it; otherwise it does not exist for them. */
    private CatalogItem visibleItem(ItemId id, ItemAccess access) {
        return catalog().find(id).filter(access::canView).orElseThrow(() -> new ItemNotFoundException(id));
    }

    private CatalogItem requireManageable(ItemId id, ItemAccess access, String action) {
        CatalogItem item = visibleItem(id, access);
        if (!access.canManage(item)) {
            throw new AccessDeniedException("only the owner (" + item.owner() + ") or an administrator may " + action
                    + " item " + id);
        }
        return item;
    }

    private Catalog catalog() {
        return new Catalog(entityManager, clock);
    }
}
