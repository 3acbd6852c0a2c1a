package org.rasterhub.core.ingest;

import java.nio.file.Path;
import org.rasterhub.core.storage.ContentHash;

/**
 * A file inside a package, read and checked.
 *
 * @param path   the entry name with '/' separators, as in the archive
 * @param staged where its bytes were extracted for this upload (under the upload's staging folder)
 */
public record PackageEntry(String path, long size, long compressedSize, ContentHash sha256, Path staged) {
}
