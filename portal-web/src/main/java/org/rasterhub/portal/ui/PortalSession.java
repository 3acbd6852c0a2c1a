package org.rasterhub.portal.ui;

import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.WrappedSession;
import jakarta.enterprise.inject.spi.CDI;
import java.util.Optional;
import org.rasterhub.portal.security.AccountService;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.security.SignedInUser;

/**
 * The signed-in user of a browser session, read afresh from the accounts at every call, as the REST
 * API does per request: a page left open acts with the powers its user has now, not with those they
 * had when it was drawn (an administrator demoted and disabled meanwhile creates no accounts from it).
 * So components keep no {@link Caller}: each listener and handler asks here when it fires, and the
 * service refuses what the account may no longer do. A session whose account was disabled or deleted
 * is signed out here; a changed role is stored for the header.
 *
 * <p>The user lives in one place, the HTTP session attribute {@link SignedInUser#HTTP_SESSION_ATTRIBUTE}:
 * the API's filter accepts the browser's tile requests by it, and download and upload handlers, which
 * run without the UI's lock, read it through their event's session ({@link #caller(VaadinSession)}).
 */
public final class PortalSession {
    private PortalSession() {
    }

    /** The signed-in user as the accounts have it now; empty for a visitor or an account gone or disabled. */
    public static Optional<SignedInUser> user() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : user(session);
    }

    /** Whoever uses this browser session now: the signed-in user, or an anonymous visitor. */
    public static Caller caller() {
        return Caller.of(user().orElse(null));
    }

    /**
     * Whoever uses this session now, for a download or upload handler: pass its event's
     * {@code getSession()}, since the handler runs in its own request, outside the UI's thread.
     */
    public static Caller caller(VaadinSession session) {
        return Caller.of(user(session).orElse(null));
    }

    /**
     * The signed-in user now, for services that act only for an account.
     *
     * @throws NotSignedInException when the session was signed out or its account disabled or deleted
     */
    public static SignedInUser requireUser() {
        return signedIn(user());
    }

    /** {@link #requireUser()} for a download or upload handler, given its event's session. */
    public static SignedInUser requireUser(VaadinSession session) {
        return signedIn(user(session));
    }

    public static void signIn(SignedInUser user) {
        VaadinSession.getCurrent().getSession().setAttribute(SignedInUser.HTTP_SESSION_ATTRIBUTE, user);
    }

    public static void signOut() {
        WrappedSession session = VaadinSession.getCurrent().getSession();
        session.removeAttribute(SignedInUser.HTTP_SESSION_ATTRIBUTE);
        session.invalidate();
    }

    private static SignedInUser signedIn(Optional<SignedInUser> user) {
        return user.orElseThrow(() -> new NotSignedInException(
                "you are no longer signed in (signed out, or the account was disabled): sign in again"));
    }

    /** Reads the HTTP session only: that needs no Vaadin session lock, which a handler may not hold. */
    private static Optional<SignedInUser> user(VaadinSession session) {
        WrappedSession http = session.getSession();
        Object stored;
        try {
            stored = http == null ? null : http.getAttribute(SignedInUser.HTTP_SESSION_ATTRIBUTE);
        } catch (IllegalStateException invalidated) {
            return Optional.empty(); // signed out meanwhile
        }
        if (!(stored instanceof SignedInUser shown)) {
            return Optional.empty();
        }
        Optional<SignedInUser> current = CDI.current().select(AccountService.class).get().user(shown.username());
        try {
            if (current.isEmpty()) {
                http.removeAttribute(SignedInUser.HTTP_SESSION_ATTRIBUTE); // signed out from now on
            } else if (!current.get().equals(shown)) {
                http.setAttribute(SignedInUser.HTTP_SESSION_ATTRIBUTE, current.get());
            }
        } catch (IllegalStateException invalidated) {
            return Optional.empty();
        }
        return current;
    }
}
