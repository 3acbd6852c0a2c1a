package org.rasterhub.core.codescan;

/**
 * One pickle found in a file and what it would import.
 *
 * @param location where the pickle is: the file's own path, or {@code file!inner/entry.pkl} for a
 *                 zip member
 */
public record ScannedPickle(String location, PickleReport report) {

    public ScannedPickle {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("a scanned pickle needs a location");
        }
        if (report == null) {
            throw new IllegalArgumentException("a scanned pickle needs a report");
        }
    }
}
