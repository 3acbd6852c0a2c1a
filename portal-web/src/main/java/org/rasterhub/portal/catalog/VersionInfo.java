package org.rasterhub.portal.catalog;

import java.time.Instant;
import java.util.List;

/** One version of an item in a version list, with the aliases that point at it. */
public record VersionInfo(int number, String sha256, long size, String fileName, Instant created,
                          List<String> aliases) {
}
