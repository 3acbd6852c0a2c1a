package org.rasterhub.portal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.rasterhub.core.storage.ContentHash;

/**
 * Personal API tokens for {@code Authorization: Bearer …}. A token is 256 random bits, so a SHA-256
 * of it is stored and looked up directly: no slow hash is needed and checking one takes microseconds,
 * unlike HTTP Basic, whose password hash is deliberately slow.
 */
@ApplicationScoped
@Transactional
public class ApiTokenService {
    public static final String TOKEN_PREFIX = "rh_";
    public static final int MAX_DAYS = 3650;
    /** Last use is recorded at most this often per token, so busy scripts do not write on every request. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "rasterhub")
    private EntityManager entityManager;

    private final AccountService accounts;
    private final Clock clock;

    @Inject
    public ApiTokenService(AccountService accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    protected ApiTokenService() {
        this(null, null); // for the CDI proxy only
    }

    /**
     * Creates a token for the caller.
     *
     * @param days how long it is valid, or null for no expiry
     */
    public CreatedToken create(Caller caller, String name, Integer days) {
        if (!caller.signedIn()) {
            throw new NotSignedInException("sign in to create API tokens");
        }
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw new AccountRejectedException("name", "1 to 100 characters, to tell the token apart later");
        }
        if (days != null && (days < 1 || days > MAX_DAYS)) {
            throw new AccountRejectedException("days", "1 to " + MAX_DAYS + ", or leave it out for no expiry");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        ApiToken stored = new ApiToken(caller.username(), trimmed, hash(token), token.substring(0, 10), now,
                days == null ? null : now.plus(Duration.ofDays(days)));
        entityManager.persist(stored);
        entityManager.flush();
        return new CreatedToken(token, stored.info());
    }

    /** The caller's tokens, newest first, revoked ones included. */
    public List<TokenInfo> list(Caller caller) {
        if (!caller.signedIn()) {
            throw new NotSignedInException("sign in to see your API tokens");
        }
        return entityManager.createQuery(
                        "select t from ApiToken t where t.username = :username order by t.createdAt desc, t.id desc",
                        ApiToken.class)
                .setParameter("username", caller.username()).getResultStream().map(ApiToken::info).toList();
    }

    /** Revokes one of the caller's tokens (administrators: anyone's). @return false when there is none */
    public boolean revoke(Caller caller, long id) {
        if (!caller.signedIn()) {
            throw new NotSignedInException("sign in to revoke API tokens");
        }
        ApiToken token = entityManager.find(ApiToken.class, id);
        if (token == null || !(caller.is(token.username()) || caller.isAdministrator())) {
            return false; // someone else's token is as good as absent: ids are not confirmed to outsiders
        }
        token.revoke(clock.instant());
        return true;
    }

    /** The account a token belongs to, if the token exists, is not revoked or expired, and its account exists. */
    public Optional<SignedInUser> authenticate(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        Optional<ApiToken> found = entityManager.createQuery(
                        "select t from ApiToken t where t.tokenHash = :hash", ApiToken.class)
                .setParameter("hash", hash(token)).getResultStream().findFirst();
        Instant now = clock.instant();
        if (found.isEmpty() || !found.get().usableAt(now)) {
            return Optional.empty();
        }
        ApiToken used = found.get();
        if (used.lastUsedAt() == null || used.lastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now)) {
            used.usedAt(now);
        }
        return accounts.user(used.username());
    }

    static String hash(String token) {
        var digest = ContentHash.newDigest();
        return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
