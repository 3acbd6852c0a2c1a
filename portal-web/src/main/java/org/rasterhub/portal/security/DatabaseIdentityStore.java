package org.rasterhub.portal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/**
 * The Jakarta Security identity store of RasterHub's local accounts: a username and password are
 * valid when the account exists and the password matches its PBKDF2 hash; the account's role is its
 * only group. The REST filter and the sign-in page both validate through it.
 */
@ApplicationScoped
public class DatabaseIdentityStore implements IdentityStore {
    private final AccountService accounts;
    private final SignInThrottle throttle;

    @Inject
    public DatabaseIdentityStore(AccountService accounts, SignInThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
    }

    protected DatabaseIdentityStore() {
        this(null, null); // for the CDI proxy only
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential password)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return accounts.authenticate(password.getCaller(), password.getPassword().getValue())
                .map(user -> new CredentialValidationResult(user.username(), Set.of(user.role().name())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    /**
     * The signed-in user these credentials name, if they are valid. Every password sign-in (HTTP Basic
     * and the sign-in page) comes here, so one throttle covers both.
     *
     * @param address the client's address, for the throttle
     * @throws TooManySignInsException when this address or account must wait first; nothing was checked
     */
    public java.util.Optional<SignedInUser> signIn(String username, char[] password, String address) {
        throttle.check(username, address);
        CredentialValidationResult result = validate(new UsernamePasswordCredential(username, new Password(password)));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            throttle.failed(username, address);
            return java.util.Optional.empty();
        }
        throttle.succeeded(username, address);
        return accounts.user(result.getCallerPrincipal().getName());
    }
}
