package org.rasterhub.core.catalog;

/** No catalog item has this id. */
public final class ItemNotFoundException extends RuntimeException {
    private final ItemId id;

    public ItemNotFoundException(ItemId id) {
        super("no item with id " + id);
        this.id = id;
    }

    public ItemId id() {
        return id;
    }
}
