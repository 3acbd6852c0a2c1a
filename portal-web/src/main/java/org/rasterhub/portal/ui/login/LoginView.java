package org.rasterhub.portal.ui.login;

import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinService;
import jakarta.inject.Inject;
import org.rasterhub.portal.security.AccountService;
import org.rasterhub.portal.security.DatabaseIdentityStore;
import org.rasterhub.portal.security.SignedInUser;
import org.rasterhub.portal.security.TooManySignInsException;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.catalog.CatalogView;

@Route("login")
@PageTitle("Sign in · RasterHub")
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    @Inject
    public LoginView(DatabaseIdentityStore identityStore, AccountService accounts) {
        LoginForm form = new LoginForm();
        form.setId("login-form");
        form.setForgotPasswordButtonVisible(false);
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in to RasterHub");
        i18n.getErrorMessage().setTitle("Wrong username or password");
        i18n.getErrorMessage().setMessage("Check both and try again. The first administrator is \"admin\".");
        form.setI18n(i18n);
        LoginI18n disabled = LoginI18n.createDefault();
        disabled.getForm().setTitle("Sign in to RasterHub");
        disabled.getErrorMessage().setTitle("This account is disabled");
        disabled.getErrorMessage().setMessage("An administrator disabled it; ask one to enable it again.");
        form.addLoginListener(event -> {
            SignedInUser user;
            try {
                user = identityStore.signIn(event.getUsername(), event.getPassword().toCharArray(),
                        VaadinService.getCurrentRequest().getRemoteAddr()).orElse(null);
            } catch (TooManySignInsException e) {
                LoginI18n wait = LoginI18n.createDefault();
                wait.getForm().setTitle("Sign in to RasterHub");
                wait.getErrorMessage().setTitle("Too many failed sign-ins");
                wait.getErrorMessage().setMessage("Wait " + e.retryAfterSeconds() + " s, then try again.");
                form.setI18n(wait);
                form.setError(true);
                return;
            }
            if (user != null) {
                // A new session id on sign-in defeats session fixation.
                VaadinService.reinitializeSession(VaadinService.getCurrentRequest());
                PortalSession.signIn(user);
                getUI().ifPresent(ui -> ui.navigate(CatalogView.class));
            } else {
                boolean isDisabled = accounts.isDisabledAccount(event.getUsername(),
                        event.getPassword().toCharArray());
                form.setI18n(isDisabled ? disabled : i18n);
                form.setError(true);
            }
        });

        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        add(form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (PortalSession.user().isPresent()) {
            event.forwardTo(CatalogView.class);
        }
    }
}
