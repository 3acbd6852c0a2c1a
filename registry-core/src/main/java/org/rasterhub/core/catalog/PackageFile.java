package org.rasterhub.core.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A file inside a version's package, as listed at upload. */
@Embeddable
public class PackageFile {
    @Column(nullable = false, length = 1024)
    private String path;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    protected PackageFile() {
        // for JPA
    }

    public PackageFile(String path, long sizeBytes) {
        this.path = path;
        this.sizeBytes = sizeBytes;
    }

    public String path() {
        return path;
    }

    public long sizeBytes() {
        return sizeBytes;
    }
}
