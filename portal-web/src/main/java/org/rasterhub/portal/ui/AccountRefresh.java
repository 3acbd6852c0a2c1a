package org.rasterhub.portal.ui;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.rasterhub.portal.security.AccountService;
import org.rasterhub.portal.security.SignedInUser;

/**
 * Re-reads the signed-in account before every navigation, so a role an administrator changed counts
 * at the next click (not at the next sign-in), and a session whose account is gone is signed out.
 * The REST API re-reads it per request the same way.
 */
@ApplicationScoped
public class AccountRefresh {
    private final AccountService accounts;

    @Inject
    public AccountRefresh(AccountService accounts) {
        this.accounts = accounts;
    }

    protected AccountRefresh() {
        this(null); // for the CDI proxy only
    }

    void onServiceInit(@Observes ServiceInitEvent event) {
        event.getSource().addUIInitListener(init -> init.getUI().addBeforeEnterListener(enter -> refresh()));
    }

    private void refresh() {
        VaadinSession session = VaadinSession.getCurrent();
        SignedInUser shown = session == null ? null : session.getAttribute(SignedInUser.class);
        if (shown == null) {
            return;
        }
        SignedInUser current = accounts.user(shown.username()).orElse(null);
        if (current == null) {
            session.setAttribute(SignedInUser.class, null);
            session.getSession().removeAttribute(SignedInUser.HTTP_SESSION_ATTRIBUTE);
        } else if (!current.equals(shown)) {
            PortalSession.signIn(current);
        }
    }
}
