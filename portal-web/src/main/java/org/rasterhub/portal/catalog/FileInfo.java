package org.rasterhub.portal.catalog;

/** A file inside a package, with its uncompressed size in bytes and its SHA-256. */
public record FileInfo(String path, long size, String sha256) {
}
