package org.rasterhub.core.storage;

import java.io.IOException;

/** A stored blob's bytes no longer hash to its name: changed or damaged on disk. It must not be used. */
public final class CorruptBlobException extends IOException {
    private final ContentHash expected;
    private final ContentHash actual;

    public CorruptBlobException(ContentHash expected, ContentHash actual) {
        super("stored blob " + expected + " now hashes to " + actual
                + ": it was changed or damaged on disk; refusing to use it (restore it from a backup)");
        this.expected = expected;
        this.actual = actual;
    }

    public ContentHash expected() {
        return expected;
    }

    public ContentHash actual() {
        return actual;
    }
}
