package org.rasterhub.portal.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
    private final MutableClock clock = new MutableClock();
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void anAccountGuessedFromOneAddressWaitsAfterFiveFreeFailuresAndTheWaitDoubles() {
        for (int i = 0; i < SignInThrottle.FREE_PER_PAIR; i++) {
            throttle.check("ada", "10.0.0.1");
            throttle.failed("ada", "10.0.0.1");
        }
        throttle.check("ada", "10.0.0.1");
        throttle.failed("ada", "10.0.0.1");
        assertEquals(1, assertThrows(TooManySignInsException.class, () -> throttle.check("ada", "10.0.0.1"))
                .retryAfterSeconds());
        clock.advance(Duration.ofSeconds(1));
        throttle.check("ada", "10.0.0.1");
        throttle.failed("ada", "10.0.0.1");
        assertEquals(2, assertThrows(TooManySignInsException.class, () -> throttle.check("ada", "10.0.0.1"))
                .retryAfterSeconds());
    }

    @Test
    void anAccountGuessedFromManyAddressesWaitsAtMostThirtySecondsSoItsOwnerIsNotLockedOut() {
        for (int i = 0; i < 200; i++) {
            throttle.failed("ada", "10.0.1." + i);
        }
        TooManySignInsException e = assertThrows(TooManySignInsException.class, () -> throttle.check("ada", "192.0.2.7"));
        assertEquals(SignInThrottle.ACCOUNT_CAP.toSeconds(), e.retryAfterSeconds());
        clock.advance(SignInThrottle.ACCOUNT_CAP);
        assertDoesNotThrow(() -> throttle.check("ada", "192.0.2.7"), "the owner signs in after 30 s");
    }

    @Test
    void oneAddressGuessingManyAccountsWaitsAfterItsFreeFailures() {
        for (int i = 0; i <= SignInThrottle.FREE_PER_ADDRESS; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }
        assertThrows(TooManySignInsException.class, () -> throttle.check("someone-else", "10.0.0.9"));
        assertThrows(TooManySignInsException.class, () -> throttle.check(null, "10.0.0.9"), "tokens too");
        assertDoesNotThrow(() -> throttle.check("someone-else", "10.0.0.10"), "other addresses are not slowed");
    }

    @Test
    void aSuccessClearsTheAccountsCountFromThatAddressAndOldFailuresFade() {
        for (int i = 0; i < SignInThrottle.FREE_PER_PAIR; i++) {
            throttle.failed("ada", "10.0.0.1");
        }
        throttle.succeeded("ada", "10.0.0.1");
        throttle.failed("ada", "10.0.0.1");
        assertDoesNotThrow(() -> throttle.check("ada", "10.0.0.1"));

        for (int i = 0; i < 8; i++) {
            throttle.failed("bob", "10.0.0.2");
        }
        assertThrows(TooManySignInsException.class, () -> throttle.check("bob", "10.0.0.2"));
        clock.advance(SignInThrottle.FORGET_AFTER.plusSeconds(1));
        throttle.failed("bob", "10.0.0.2");
        assertDoesNotThrow(() -> throttle.check("bob", "10.0.0.2"), "counting starts again");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
