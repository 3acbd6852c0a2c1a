package org.rasterhub.portal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password and token guessing down without letting a guesser lock a person out for long.
 * Failed attempts are counted under three keys, each with a few free failures and then a wait that
 * doubles with every further failure, up to a cap:
 *
 * <ul>
 *   <li>the client address: {@value #FREE_PER_ADDRESS} free, then up to {@link #ADDRESS_CAP}, so a
 *       guesser's own address soon waits long;
 *   <li>the account: {@value #FREE_PER_ACCOUNT} free, then at most {@link #ACCOUNT_CAP}, so guessing
 *       one account from many addresses is slow, yet its owner waits seconds, never hours;
 *   <li>the account from that address: {@value #FREE_PER_PAIR} free, then up to {@link #ADDRESS_CAP}.
 * </ul>
 *
 * <p>A waiting attempt is refused before any password is hashed, so guesses cost no PBKDF2 work. A
 * success clears its account-and-address count. Counts fade after {@link #FORGET_AFTER} without a
 * failure; at most {@value #MAX_KEYS} keys are kept (the oldest go first), so memory stays bounded.
 */
@ApplicationScoped
public class SignInThrottle {
    static final int FREE_PER_ADDRESS = 50;
    static final int FREE_PER_ACCOUNT = 10;
    static final int FREE_PER_PAIR = 5;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration ADDRESS_CAP = Duration.ofMinutes(15);
    static final Duration ACCOUNT_CAP = Duration.ofSeconds(30);
    static final Duration FORGET_AFTER = Duration.ofMinutes(30);
    static final int MAX_KEYS = 100_000;

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_KEYS;
        }
    };

    @Inject
    public SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    protected SignInThrottle() {
        this(null); // for the CDI proxy only
    }

    /**
     * @throws TooManySignInsException when this address, account or pair must wait; nothing was checked
     */
    public void check(String username, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        synchronized (failures) {
            for (Key key : keys(username, address)) {
                Failures f = failures.get(key.name());
                if (f != null) {
                    Duration left = Duration.between(now, f.waitUntil(key));
                    if (left.compareTo(wait) > 0) {
                        wait = left;
                    }
                }
            }
        }
        if (!wait.isZero() && !wait.isNegative()) {
            throw new TooManySignInsException(wait);
        }
    }

    /** Counts a wrong password, an unknown account or an unknown token ({@code username} null). */
    public void failed(String username, String address) {
        Instant now = clock.instant();
        synchronized (failures) {
            for (Key key : keys(username, address)) {
                Failures f = failures.get(key.name());
                if (f == null || Duration.between(f.last, now).compareTo(FORGET_AFTER) > 0) {
                    f = new Failures();
                    failures.put(key.name(), f);
                }
                f.count++;
                f.last = now;
            }
        }
    }

    /** Forgets the failures of this account from this address. */
    public void succeeded(String username, String address) {
        synchronized (failures) {
            failures.remove(Key.pair(username, address).name());
        }
    }

    private static Iterable<Key> keys(String username, String address) {
        String from = address == null ? "unknown" : address;
        return username == null ? java.util.List.of(Key.address(from))
                : java.util.List.of(Key.address(from), Key.account(username), Key.pair(username, from));
    }

    private record Key(String name, int free, Duration cap) {
        static Key address(String address) {
            return new Key("a:" + address, FREE_PER_ADDRESS, ADDRESS_CAP);
        }

        static Key account(String username) {
            return new Key("u:" + username.toLowerCase(Locale.ROOT), FREE_PER_ACCOUNT, ACCOUNT_CAP);
        }

        static Key pair(String username, String address) {
            return new Key("p:" + username.toLowerCase(Locale.ROOT) + "@" + Optional.ofNullable(address)
                    .orElse("unknown"), FREE_PER_PAIR, ADDRESS_CAP);
        }
    }

    private static final class Failures {
        int count;
        Instant last;

        Instant waitUntil(Key key) {
            int over = count - key.free();
            if (over <= 0) {
                return last;
            }
            long millis = FIRST_WAIT.toMillis() << Math.min(over - 1, 20);
            return last.plus(Duration.ofMillis(Math.min(millis, key.cap().toMillis())));
        }
    }
}
