package org.rasterhub.core.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.rasterhub.core.storage.ContentHash;

/** A file inside a version's package, as listed at upload. */
@Embeddable
public class PackageFile {
    @Column(nullable = false, length = 1024)
    private String path;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    /** The file's own SHA-256; it is stored once under that name, whichever packages hold it. */
    @Column(length = 64)
    private String sha256;

    protected PackageFile() {
        // for JPA
    }

    public PackageFile(String path, long sizeBytes, ContentHash sha256) {
        this.path = path;
        this.sizeBytes = sizeBytes;
        this.sha256 = sha256.hex();
    }

    public String path() {
        return path;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public ContentHash sha256() {
        return new ContentHash(sha256);
    }
}
