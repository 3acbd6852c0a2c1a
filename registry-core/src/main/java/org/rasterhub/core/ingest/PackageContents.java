package org.rasterhub.core.ingest;

import java.util.List;

/** What an inspected package holds: its files and the bytes of its model definition. */
public record PackageContents(List<PackageEntry> entries, String emdPath, byte[] emdBytes) {

    public PackageContents {
        entries = List.copyOf(entries);
    }
}
