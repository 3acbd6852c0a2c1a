package org.rasterhub.portal.catalog;

/** A file inside a package, with its uncompressed size in bytes. */
public record FileInfo(String path, long size) {
}
