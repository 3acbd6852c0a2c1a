package org.rasterhub.portal.catalog;

import java.nio.file.Path;

/** A version's package file, verified against its hash, ready to be sent. */
public record StoredPackage(String fileName, long size, String sha256, Path file) {
}
