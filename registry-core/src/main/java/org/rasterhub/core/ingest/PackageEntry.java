package org.rasterhub.core.ingest;

/** A file inside a package, as listed by the archive's central directory. */
public record PackageEntry(String path, long size, long compressedSize) {
}
