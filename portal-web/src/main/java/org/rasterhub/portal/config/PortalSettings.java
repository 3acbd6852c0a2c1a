package org.rasterhub.portal.config;

import java.nio.file.Path;
import org.rasterhub.core.ingest.ArchiveLimits;
import org.rasterhub.portal.run.ImageryFolders;

/**
 * The portal's settings, read once from system properties (set by the run script from the
 * {@code RASTERHUB_*} environment variables). See docs/configuration.md for the table.
 */
public record PortalSettings(Path home, long maxPackageBytes, ArchiveLimits archiveLimits,
                             ImageryFolders imageryFolders) {
    /** Default cap on an upload: larger than any real model package, smaller than a full disk. */
    public static final long DEFAULT_MAX_PACKAGE_BYTES = 8L << 30;

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
                ImageryFolders.parse(System.getProperty("rasterhub.imageryFolders")));
    }
}
