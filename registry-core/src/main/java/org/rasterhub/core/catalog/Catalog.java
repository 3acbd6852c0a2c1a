package org.rasterhub.core.catalog;

import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Finds and registers catalog items. Runs inside the caller's transaction (JTA in the portal,
 * a resource-local one in tests and tools); thread-safety is that of the given EntityManager.
 */
public final class Catalog {
    private final EntityManager entityManager;
    private final Clock clock;

    public Catalog(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** Creates an item whose first version is the given package. */
    public CatalogItem registerNewItem(String title, String owner, ItemVersion.Draft firstVersion) {
        CatalogItem item = new CatalogItem(title, owner, clock.instant());
        item.addVersion(firstVersion, item.createdAt());
        entityManager.persist(item);
        // Flush now so a constraint failure surfaces here, while the caller can still undo its blob.
        entityManager.flush();
        return item;
    }

    /**
     * Adds the next version to an existing item; earlier versions stay as they were.
     *
     * @throws ItemNotFoundException if there is no such item
     */
    public ItemVersion registerVersion(ItemId id, ItemVersion.Draft draft) {
        CatalogItem item = find(id).orElseThrow(() -> new ItemNotFoundException(id));
        ItemVersion version = item.addVersion(draft, clock.instant());
        entityManager.flush();
        return version;
    }

    public Optional<CatalogItem> find(ItemId id) {
        return Optional.ofNullable(entityManager.find(CatalogItem.class, id.value()));
    }

    /** All items, most recently modified first. */
    public List<CatalogItem> list() {
        return entityManager.createQuery(
                        "select i from CatalogItem i order by i.modifiedAt desc, i.id desc", CatalogItem.class)
                .getResultList();
    }

    public long count() {
        return entityManager.createQuery("select count(i) from CatalogItem i", Long.class).getSingleResult();
    }
}
