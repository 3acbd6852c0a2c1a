package org.rasterhub.portal.config;

import java.nio.file.Path;

/**
 * The portal's settings, read once from system properties (set by the run script from the
 * {@code RASTERHUB_*} environment variables). See docs/configuration.md for the table.
 */
public record PortalSettings(Path home, long maxPackageBytes) {
    /** Default cap on an upload: larger than any real model package, smaller than a full disk. */
    public static final long DEFAULT_MAX_PACKAGE_BYTES = 8L << 30;

    public static PortalSettings fromSystemProperties() {
        String home = System.getProperty("rasterhub.home");
        if (home == null || home.isBlank()) {
            home = System.getenv().getOrDefault("RASTERHUB_HOME", "data");
        }
        long maxBytes = Long.getLong("rasterhub.maxPackageBytes", DEFAULT_MAX_PACKAGE_BYTES);
        return new PortalSettings(Path.of(home).toAbsolutePath().normalize(), maxBytes);
    }
}
