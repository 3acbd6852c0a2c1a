package org.rasterhub.core.catalog;

/** An item has no version with this number or alias. */
public final class VersionNotFoundException extends RuntimeException {
    private final ItemId item;
    private final String reference;

    public VersionNotFoundException(ItemId item, String reference) {
        super("item " + item + " has no version \"" + (reference.length() > 40 ? reference.substring(0, 40) + "..."
                : reference) + "\"");
        this.item = item;
        this.reference = reference;
    }

    public ItemId item() {
        return item;
    }

    public String reference() {
        return reference;
    }
}
