package org.rasterhub.portal.config;

import java.nio.file.Path;
import java.time.Duration;
import org.rasterhub.core.ingest.ArchiveLimits;
import org.rasterhub.portal.run.ImageryFolders;

/**
 * The portal's settings, read once from system properties (set by the run script from the
 * {@code RASTERHUB_*} environment variables). See docs/configuration.md for the table.
 */
public record PortalSettings(Path home, long maxPackageBytes, ArchiveLimits archiveLimits,
                             ImageryFolders imageryFolders, Duration blobGrace, Duration blobSweep, String node) {
    /** Default cap on an upload: larger than any real model package, smaller than a full disk. */
    public static final long DEFAULT_MAX_PACKAGE_BYTES = 8L << 30;
    /** How long a blob is spared after it was last touched: far longer than any registration takes. */
    public static final Duration DEFAULT_BLOB_GRACE = Duration.ofMinutes(10);
    /** How often the whole blob store is swept for blobs nothing names. */
    public static final Duration DEFAULT_BLOB_SWEEP = Duration.ofHours(1);

    public static PortalSettings fromSystemProperties() {
        String home = System.getProperty("rasterhub.home");
        if (home == null || home.isBlank()) {
            home = System.getenv().getOrDefault("RASTERHUB_HOME", "data");
        }
        long maxBytes = Long.getLong("rasterhub.maxPackageBytes", DEFAULT_MAX_PACKAGE_BYTES);
        ArchiveLimits limits = ArchiveLimits.defaults()
                .withMaxTotalBytes(Long.getLong("rasterhub.maxInflatedBytes", ArchiveLimits.DEFAULT_MAX_TOTAL_BYTES))
                .withMaxEntries(Integer.getInteger("rasterhub.maxEntries", ArchiveLimits.DEFAULT_MAX_ENTRIES));
        return new PortalSettings(Path.of(home).toAbsolutePath().normalize(), maxBytes, limits,
                ImageryFolders.parse(System.getProperty("rasterhub.imageryFolders")),
                Duration.ofSeconds(Long.getLong("rasterhub.blobGraceSeconds", DEFAULT_BLOB_GRACE.toSeconds())),
                Duration.ofSeconds(Math.max(1, Long.getLong("rasterhub.blobSweepSeconds",
                        DEFAULT_BLOB_SWEEP.toSeconds()))),
                System.getProperty("rasterhub.node", "").isBlank() ? null : System.getProperty("rasterhub.node"));
    }

    /** The data folder as this process uses it: its own staging folder when it is a named node. */
    public org.rasterhub.core.storage.DataFolder dataFolder() {
        return node == null ? new org.rasterhub.core.storage.DataFolder(home)
                : org.rasterhub.core.storage.DataFolder.forNode(home, node);
    }

    /** What runs record as the node that ran them: {@code RASTERHUB_NODE}, else the host's name. */
    public String nodeName() {
        if (node != null) {
            return node;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
