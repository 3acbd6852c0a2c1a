package org.rasterhub.portal.ui;

import com.vaadin.flow.server.VaadinSession;
import java.util.Optional;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.SignedInUser;

/** The signed-in user of the current browser session. */
public final class PortalSession {
    private PortalSession() {
    }

    public static Optional<SignedInUser> user() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(SignedInUser.class));
    }

    /** Whoever uses this browser session: the signed-in user, or an anonymous visitor. */
    public static Caller caller() {
        return Caller.of(user().orElse(null));
    }

    public static void signIn(SignedInUser user) {
        VaadinSession.getCurrent().setAttribute(SignedInUser.class, user);
        // The API's GETs (map tiles) authenticate by this HTTP session attribute; see ApiAuthFilter.
        VaadinSession.getCurrent().getSession().setAttribute(SignedInUser.HTTP_SESSION_ATTRIBUTE, user);
    }

    public static void signOut() {
        VaadinSession session = VaadinSession.getCurrent();
        session.setAttribute(SignedInUser.class, null);
        session.getSession().removeAttribute(SignedInUser.HTTP_SESSION_ATTRIBUTE);
        session.getSession().invalidate();
    }
}
