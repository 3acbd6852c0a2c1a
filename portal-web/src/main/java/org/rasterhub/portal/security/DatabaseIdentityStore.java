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

    @Inject
    public DatabaseIdentityStore(AccountService accounts) {
        this.accounts = accounts;
    }

    protected DatabaseIdentityStore() {
        this(null); // for the CDI proxy only
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

    /** The signed-in user these credentials name, if they are valid. */
    public java.util.Optional<SignedInUser> signIn(String username, char[] password) {
        CredentialValidationResult result = validate(new UsernamePasswordCredential(username, new Password(password)));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return java.util.Optional.empty();
        }
        return accounts.user(result.getCallerPrincipal().getName());
    }
}
