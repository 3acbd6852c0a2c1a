package org.rasterhub.core.ingest;

import java.util.List;

/**
 * What an inspected package holds.
 *
 * @param root     "" for Esri's layout (files at the archive root), or "folder/" when every file sat in
 *                 one top folder, which is accepted with a warning
 * @param emdPath  the model definition's entry name
 * @param warnings things worth telling the owner that did not stop the upload
 */
public record PackageContents(List<PackageEntry> entries, String root, String emdPath, byte[] emdBytes,
                              List<String> warnings) {

    public PackageContents {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    /** The entry at {@code path} (with '/' separators, case as in the archive), if present. */
    public java.util.Optional<PackageEntry> entry(String path) {
        return entries.stream().filter(e -> e.path().equals(path)).findFirst();
    }
}
