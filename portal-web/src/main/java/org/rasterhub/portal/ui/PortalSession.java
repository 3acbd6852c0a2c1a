package org.rasterhub.portal.ui;

import com.vaadin.flow.server.VaadinSession;
import java.util.Optional;
import org.rasterhub.portal.security.SignedInUser;

/** The signed-in user of the current browser session. */
public final class PortalSession {
    private PortalSession() {
    }

    public static Optional<SignedInUser> user() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(SignedInUser.class));
    }

    public static void signIn(SignedInUser user) {
        VaadinSession.getCurrent().setAttribute(SignedInUser.class, user);
    }

    public static void signOut() {
        VaadinSession session = VaadinSession.getCurrent();
        session.setAttribute(SignedInUser.class, null);
        session.getSession().invalidate();
    }
}
