package org.rasterhub.portal.api;

import java.util.Optional;

/** Numbers taken from URL paths: anything that is not one reads as "no such thing" (404), never 500. */
final class PathIds {
    private PathIds() {
    }

    /** A database id: a positive long. */
    static Optional<Long> id(String text) {
        return number(text).filter(v -> v > 0);
    }

    /** A position in a list: 0 or more. */
    static Optional<Long> position(String text) {
        return number(text);
    }

    private static Optional<Long> number(String text) {
        try {
            long value = Long.parseLong(text);
            return value < 0 ? Optional.empty() : Optional.of(value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
