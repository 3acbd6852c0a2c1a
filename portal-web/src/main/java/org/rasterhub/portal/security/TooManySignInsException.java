package org.rasterhub.portal.security;

import java.time.Duration;

/** Too many failed sign-ins from this address or for this account: try again after {@link #retryAfter()}. */
public final class TooManySignInsException extends RuntimeException {
    private final Duration retryAfter;

    public TooManySignInsException(Duration retryAfter) {
        super("too many failed sign-ins; try again in " + seconds(retryAfter) + " s");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds to wait, at least 1: the {@code Retry-After} value. */
    public long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
