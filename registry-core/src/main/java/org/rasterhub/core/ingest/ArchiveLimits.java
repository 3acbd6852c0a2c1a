package org.rasterhub.core.ingest;

/**
 * Caps that stop a hostile archive while it is being read, before it fills the disk.
 *
 * @param maxEntries           entries in the central directory
 * @param maxTotalBytes        uncompressed bytes of all entries together
 * @param maxExpansionRatio    uncompressed ÷ compressed bytes of one entry, checked past {@code ratioGraceBytes}
 * @param ratioGraceBytes      an entry may expand freely up to this many bytes (tiny files compress well)
 * @param maxNameLength        characters of one entry name
 */
public record ArchiveLimits(int maxEntries, long maxTotalBytes, int maxExpansionRatio, long ratioGraceBytes,
                            int maxNameLength) {
    public static final int DEFAULT_MAX_ENTRIES = 1000;
    public static final long DEFAULT_MAX_TOTAL_BYTES = 8L << 30;
    /** Weights compress 1.1-3x, sparse rasters and text 10-50x; 200x past 1 MiB is a bomb. */
    public static final int DEFAULT_MAX_EXPANSION_RATIO = 200;
    public static final long DEFAULT_RATIO_GRACE_BYTES = 1L << 20;
    /** 255 is what common file systems allow for one name; longer paths are still fine segment by segment. */
    public static final int DEFAULT_MAX_NAME_LENGTH = 255;

    public ArchiveLimits {
        if (maxEntries < 1 || maxTotalBytes < 1 || maxExpansionRatio < 1 || ratioGraceBytes < 0 || maxNameLength < 1) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
    }

    public static ArchiveLimits defaults() {
        return new ArchiveLimits(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_EXPANSION_RATIO,
                DEFAULT_RATIO_GRACE_BYTES, DEFAULT_MAX_NAME_LENGTH);
    }

    public ArchiveLimits withMaxTotalBytes(long bytes) {
        return new ArchiveLimits(maxEntries, bytes, maxExpansionRatio, ratioGraceBytes, maxNameLength);
    }

    public ArchiveLimits withMaxEntries(int entries) {
        return new ArchiveLimits(entries, maxTotalBytes, maxExpansionRatio, ratioGraceBytes, maxNameLength);
    }
}
