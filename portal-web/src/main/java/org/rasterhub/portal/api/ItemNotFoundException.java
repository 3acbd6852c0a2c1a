package org.rasterhub.portal.api;

/** No item with this id exists (or the caller may not see it). */
public final class ItemNotFoundException extends RuntimeException {
    private final String id;

    public ItemNotFoundException(String id) {
        super("no item with id " + (id.length() > 40 ? id.substring(0, 40) + "..." : id));
        this.id = id;
    }

    public String id() {
        return id;
    }
}
