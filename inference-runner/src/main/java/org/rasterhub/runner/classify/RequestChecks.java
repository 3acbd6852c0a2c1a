package org.rasterhub.runner.classify;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks every tool request makes in its constructor (Classify Pixels, Detect Objects, Detect
 * Change, Classify Objects), so that each says the same thing for the same mistake. Each throws
 * {@link IllegalArgumentException} with a message naming the value found.
 */
public final class RequestChecks {
    private RequestChecks() {
    }

    /**
     * An unmodifiable copy of {@code extractBands} ({@code ExtractBands}, counted from 0).
     *
     * @throws IllegalArgumentException if it is null or empty, or a band is negative
     * @throws NullPointerException if a band is null
     */
    public static List<Integer> extractBands(List<Integer> extractBands) {
        if (extractBands == null || extractBands.isEmpty()) {
            throw new IllegalArgumentException("ExtractBands must name at least one band");
        }
        List<Integer> bands = List.copyOf(extractBands);
        for (int band : bands) {
            if (band < 0) {
                throw new IllegalArgumentException("ExtractBands counts from 0, found " + band);
            }
        }
        return bands;
    }

    /** @throws IllegalArgumentException if {@code batchSize} is not between 1 and {@code max} */
    public static void batchSize(int batchSize, int max) {
        if (batchSize < 1 || batchSize > max) {
            throw new IllegalArgumentException("batch size must be between 1 and " + max
                + ", was " + batchSize);
        }
    }

    /**
     * @throws IllegalArgumentException with {@code message} if two of {@code files} are the same
     *     file once made absolute and normalised
     */
    public static void differentFiles(String message, Path... files) {
        Set<Path> seen = new HashSet<>();
        for (Path file : files) {
            if (!seen.add(file.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
