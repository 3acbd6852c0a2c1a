package org.rasterhub.portal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

/** Checks passwords and creates the first administrator. */
@ApplicationScoped
@Transactional
public class AccountService {
    public static final String ADMIN_USERNAME = "admin";
    private static final System.Logger LOG = System.getLogger(AccountService.class.getName());
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @PersistenceContext(unitName = "rasterhub")
    private EntityManager entityManager;

    private final PasswordHasher hasher = new PasswordHasher();
    private final Clock clock;

    @Inject
    public AccountService(Clock clock) {
        this.clock = clock;
    }

    protected AccountService() {
        this(null); // for the CDI proxy only
    }

    /** The account whose username and password these are, if any. Takes ~0.1 s by design. */
    public Optional<SignedInUser> authenticate(String username, char[] password) {
        Optional<Account> account = entityManager
                .createQuery("select a from Account a where a.username = :username", Account.class)
                .setParameter("username", username)
                .getResultStream().findFirst();
        if (account.isEmpty()) {
            hasher.hash(password); // spend the same time, so response time does not reveal usernames
            return Optional.empty();
        }
        return hasher.matches(password, account.get().passwordHash())
                ? Optional.of(new SignedInUser(account.get().username(), account.get().role()))
                : Optional.empty();
    }

    /**
     * On the first start (no accounts yet) creates "admin" with the given password, or with a
     * random one that is printed once to the server log. Later starts ignore the argument.
     */
    public void createInitialAdminIfNone(String initialPassword) {
        long accounts = entityManager.createQuery("select count(a) from Account a", Long.class).getSingleResult();
        if (accounts > 0) {
            return;
        }
        boolean generated = initialPassword == null || initialPassword.isBlank();
        String password = generated ? randomPassword() : initialPassword;
        entityManager.persist(new Account(ADMIN_USERNAME, hasher.hash(password.toCharArray()),
                Role.ADMINISTRATOR, clock.instant()));
        if (generated) {
            // Printed to standard output rather than logged, so it is not kept in log files.
            System.out.println("""

                    ==========================================================
                     RasterHub initial administrator (shown only this once):
                       user:     admin
                       password: %s
                    ==========================================================
                    """.formatted(password));
        }
        LOG.log(Level.INFO, "created initial administrator account user={0} passwordFrom={1}",
                ADMIN_USERNAME, generated ? "generated" : "RASTERHUB_ADMIN_PASSWORD");
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }
}
