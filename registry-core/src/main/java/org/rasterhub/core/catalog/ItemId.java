package org.rasterhub.core.catalog;

/** Identifies a catalog item. */
public record ItemId(long value) {

    public ItemId {
        if (value <= 0) {
            throw new IllegalArgumentException("item ids are positive, was " + value);
        }
    }

    /** Parses an id from a URL segment; empty when it is not a positive number. */
    public static java.util.Optional<ItemId> parse(String text) {
        try {
            long value = Long.parseLong(text);
            return value > 0 ? java.util.Optional.of(new ItemId(value)) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
