package org.rasterhub.portal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks passwords, creates the first administrator, and lets administrators manage accounts. */
@ApplicationScoped
@Transactional
public class AccountService {
    public static final String ADMIN_USERNAME = "admin";
    private static final System.Logger LOG = System.getLogger(AccountService.class.getName());
    public static final int MIN_PASSWORD_LENGTH = 8;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,99}");
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

    /** The enabled account whose username and password these are, if any. Takes ~0.1 s by design. */
    public Optional<SignedInUser> authenticate(String username, char[] password) {
        return withPassword(username, password).filter(account -> account.disabledAt().isEmpty())
                .map(Account::asUser);
    }

    /** The account these are the username and password of; one password check whatever the answer. */
    private Optional<Account> withPassword(String username, char[] password) {
        Optional<Account> account = find(username);
        if (account.isEmpty()) {
            hasher.hash(password); // spend the same time, so response time does not reveal usernames
            return Optional.empty();
        }
        return account.filter(a -> hasher.matches(password, a.passwordHash()));
    }

    /**
     * Creates an account.
     *
     * @throws AccessDeniedException    unless the caller is an administrator
     * @throws AccountRejectedException when the username is taken or malformed, or the password too short
     */
    public AccountInfo createAccount(Caller caller, String username, char[] password, Role role) {
        requireAdministrator(caller, "create accounts");
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new AccountRejectedException("username", "2 to 100 letters, digits, '.', '_' or '-', starting "
                    + "with a letter or digit; was \"" + username + "\"");
        }
        if (role == null) {
            throw new AccountRejectedException("role", "one of " + List.of(Role.values()));
        }
        checkPassword(password);
        requireStillAdministrator(caller, "create accounts");
        if (!entityManager.createQuery("select a.id from Account a where a.usernameKey = :key", Long.class)
                .setParameter("key", Account.keyOf(username)).getResultList().isEmpty()) {
            throw new AccountRejectedException("username", "\"" + username + "\" is taken (names are unique "
                    + "ignoring case)");
        }
        // Stored to the microsecond, as the database keeps it: the answer matches later reads.
        Account account = new Account(username, hasher.hash(password), role,
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        entityManager.persist(account);
        entityManager.flush();   // a concurrent create of the same name fails here, on the unique key
        return info(account);
    }

    /** All accounts by name; administrators only. */
    public List<AccountInfo> accounts(Caller caller) {
        requireAdministrator(caller, "list accounts");
        return entityManager.createQuery("select a from Account a order by a.username", Account.class)
                .getResultStream().map(this::info).toList();
    }

    /** One account: the caller's own, or anyone's for an administrator. */
    public AccountInfo account(Caller caller, String username) {
        if (!caller.is(username)) {
            requireAdministrator(caller, "see other accounts");
        }
        return info(existing(username));
    }

    /** The caller's own account. */
    public AccountInfo me(Caller caller) {
        if (!caller.signedIn()) {
            throw new NotSignedInException("sign in to see your account");
        }
        return info(find(caller.username()).orElseThrow(() -> new NotSignedInException(
                "the account " + caller.username() + " no longer exists")));
    }

    /** Changes an account's role; administrators only, and never their own (so one always remains). */
    public AccountInfo setRole(Caller caller, String username, Role role) {
        return change(caller, username, new AccountChange(role, null, null, null));
    }

    /**
     * Applies every part of a change or none: permissions, the current password and the last
     * administrator are all checked before anything is written, in one transaction. A change that
     * takes an administrator away locks the administrators' rows first, so two administrators
     * demoting each other at the same moment are serialised: the second finds it is no longer one.
     */
    public AccountInfo change(Caller caller, String username, AccountChange change) {
        boolean administrative = change.role() != null || change.disabled() != null;
        if (administrative) {
            requireAdministrator(caller, change.role() != null ? "change roles" : "disable or enable accounts");
            if (caller.is(username) && change.role() != null && change.role() != Role.ADMINISTRATOR) {
                throw new AccountRejectedException("role", "administrators cannot demote themselves");
            }
            if (caller.is(username) && Boolean.TRUE.equals(change.disabled())) {
                throw new AccountRejectedException("disabled", "administrators cannot disable themselves");
            }
        }
        if (change.password() != null) {
            checkPasswordChange(caller, username, change.currentPassword());
            checkPassword(change.password());
        }
        Account account = existing(username);
        if (administrative) {
            List<Account> administrators = lockedActiveAdministrators();
            if (administrators.stream().noneMatch(a -> a.username().equals(caller.username()))) {
                throw new AccessDeniedException("only administrators may change roles or disable accounts; "
                        + caller.username() + " no longer is one");
            }
            boolean removesAnAdministrator = administrators.contains(account)
                    && (change.role() != null && change.role() != Role.ADMINISTRATOR
                        || Boolean.TRUE.equals(change.disabled()));
            if (removesAnAdministrator && administrators.size() < 2) {
                throw new AccountRejectedException("role", "the portal must keep one active administrator");
            }
        }
        if (change.role() != null) {
            account.setRole(change.role());
        }
        if (change.disabled() != null && change.disabled() != account.disabledAt().isPresent()) {
            account.setDisabledAt(change.disabled()
                    ? clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS) : null);
            LOG.log(Level.INFO, "account {0} by {1}: {2}", change.disabled() ? "disabled" : "enabled",
                    caller.username(), username);
        }
        if (change.password() != null) {
            account.setPasswordHash(hasher.hash(change.password()));
        }
        return info(account);
    }

    /** What {@link #change} may change; null parts stay as they are. */
    public record AccountChange(Role role, Boolean disabled, char[] password, char[] currentPassword) {
    }

    private List<Account> lockedActiveAdministrators() {
        return entityManager.createQuery("select a from Account a where a.role = :role and a.disabledAt is null"
                        + " order by a.id", Account.class)
                .setParameter("role", Role.ADMINISTRATOR)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    // The caller as the database has it now, not as the request's start saw it.
    private void requireStillAdministrator(Caller caller, String action) {
        boolean still = find(caller.username()).filter(a -> a.disabledAt().isEmpty())
                .filter(a -> a.role() == Role.ADMINISTRATOR).isPresent();
        if (!still) {
            throw new AccessDeniedException("only administrators may " + action);
        }
    }

    /**
     * Whether these are the right username and password of a disabled account: so the sign-in page
     * can say why it refuses them, to nobody who does not know the password. Takes one password check
     * whatever the answer, as {@link #authenticate} does.
     */
    public boolean isDisabledAccount(String username, char[] password) {
        return withPassword(username, password).filter(account -> account.disabledAt().isPresent()).isPresent();
    }

    /**
     * Disables an account, or enables it again; administrators only, and never their own. A disabled
     * account keeps its items, groups and tokens, but signs in with none of them: {@link #user} and
     * {@link #authenticate} no longer find it, so its sessions end at their next request.
     */
    public AccountInfo setDisabled(Caller caller, String username, boolean disabled) {
        return change(caller, username, new AccountChange(null, disabled, null, null));
    }

    /**
     * Sets a password: administrators for anyone, everyone else for themselves with their current one.
     */
    public void setPassword(Caller caller, String username, char[] currentPassword, char[] newPassword) {
        change(caller, username, new AccountChange(null, null, newPassword, currentPassword));
    }

    private void checkPasswordChange(Caller caller, String username, char[] currentPassword) {
        Account account = existing(username);
        if (!caller.isAdministrator()) {
            if (!caller.is(username)) {
                throw new AccessDeniedException("only " + username + " or an administrator may change this password");
            }
            if (currentPassword == null || !hasher.matches(currentPassword, account.passwordHash())) {
                throw new AccountRejectedException("currentPassword", "does not match");
            }
        }
    }

    /**
     * The account as a signed-in user, with its current role, unless it is disabled: sessions and
     * tokens are re-read per request.
     */
    public Optional<SignedInUser> user(String username) {
        return find(username).filter(account -> account.disabledAt().isEmpty()).map(Account::asUser);
    }

    /** Whether this could be a user name (says nothing about whether an account has it). */
    public static boolean isWellFormedUsername(String username) {
        return username != null && USERNAME.matcher(username).matches();
    }

    public boolean exists(String username) {
        return find(username).isPresent();
    }

    private Optional<Account> find(String username) {
        return entityManager
                .createQuery("select a from Account a where a.username = :username", Account.class)
                .setParameter("username", username)
                .getResultStream().findFirst();
    }

    private Account existing(String username) {
        return find(username).orElseThrow(() -> new AccountRejectedException("username",
                "no account \"" + username + "\""));
    }

    private AccountInfo info(Account account) {
        List<String> groups = entityManager.createQuery(
                        "select g.name from PortalGroup g join g.members m where m = :username order by g.name",
                        String.class)
                .setParameter("username", account.username()).getResultList();
        return new AccountInfo(account.username(), account.role(), account.createdAt(), groups,
                account.disabledAt().orElse(null));
    }

    private static void checkPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new AccountRejectedException("password", "at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    static void requireAdministrator(Caller caller, String action) {
        if (!caller.signedIn()) {
            throw new NotSignedInException("sign in as an administrator to " + action);
        }
        if (!caller.isAdministrator()) {
            throw new AccessDeniedException("only administrators may " + action);
        }
    }

    /**
     * On the first start (no accounts yet) creates "admin" with the given password, or with a
     * random one that is printed once to the server log. Later starts ignore the argument.
     */
    /**
     * Creates the {@code admin} account when there is no account at all (the first start).
     *
     * @return the generated password, for the caller to show once the account is committed; empty
     *         when no account was made or its password was given
     */
    public java.util.Optional<String> createInitialAdminIfNone(String initialPassword) {
        long accounts = entityManager.createQuery("select count(a) from Account a", Long.class).getSingleResult();
        if (accounts > 0) {
            return java.util.Optional.empty();
        }
        boolean generated = initialPassword == null || initialPassword.isBlank();
        String password = generated ? randomPassword() : initialPassword;
        entityManager.persist(new Account(ADMIN_USERNAME, hasher.hash(password.toCharArray()),
                Role.ADMINISTRATOR, clock.instant()));
        LOG.log(Level.INFO, "creating initial administrator account user={0} passwordFrom={1}",
                ADMIN_USERNAME, generated ? "generated" : "RASTERHUB_ADMIN_PASSWORD");
        return generated ? java.util.Optional.of(password) : java.util.Optional.empty();
    }

    /** Whether any account exists. */
    public boolean anyAccount() {
        return entityManager.createQuery("select count(a) from Account a", Long.class).getSingleResult() > 0;
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
