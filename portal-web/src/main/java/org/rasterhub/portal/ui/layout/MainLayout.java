package org.rasterhub.portal.ui.layout;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.theme.lumo.LumoUtility;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.Role;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.accounts.AccountsView;
import org.rasterhub.portal.ui.catalog.CatalogView;
import org.rasterhub.portal.ui.groups.GroupsView;
import org.rasterhub.portal.ui.layer.LayersView;
import org.rasterhub.portal.ui.login.LoginView;
import org.rasterhub.portal.ui.tokens.TokensView;
import org.rasterhub.portal.ui.upload.UploadView;

/**
 * Header with navigation. Visitors who have not signed in may browse the views marked {@link
 * OpenToVisitors} (they see public items only); any other view sends them to the sign-in page.
 */
public class MainLayout extends AppLayout implements BeforeEnterObserver {
    private final Span user = new Span();
    private final Button signOut;
    private final Button signIn;
    private final RouterLink upload;
    private final RouterLink groups;
    private final RouterLink tokens;
    private final RouterLink accounts;
    private final RouterLink runners;

    public MainLayout() {
        H1 brand = new H1("RasterHub");
        brand.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.Margin.NONE);

        RouterLink catalog = new RouterLink("Catalog", CatalogView.class);
        catalog.setId("nav-catalog");
        RouterLink layers = new RouterLink("Layers", LayersView.class);
        layers.setId("nav-layers");
        upload = new RouterLink("Upload", UploadView.class);
        upload.setId("nav-upload");
        groups = new RouterLink("Groups", GroupsView.class);
        groups.setId("nav-groups");
        tokens = new RouterLink("My tokens", TokensView.class);
        tokens.setId("nav-tokens");
        runners = new RouterLink("Runners", org.rasterhub.portal.ui.runners.RunnersView.class);
        runners.setId("nav-runners");
        accounts = new RouterLink("Accounts", AccountsView.class);
        accounts.setId("nav-accounts");

        signIn = new Button("Sign in", e -> getUI().ifPresent(ui -> ui.navigate(LoginView.class)));
        signIn.setId("sign-in");
        signOut = new Button("Sign out", e -> {
            PortalSession.signOut();
            getUI().ifPresent(ui -> ui.getPage().setLocation("login"));
        });
        signOut.setId("sign-out");
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        user.setId("signed-in-user");

        HorizontalLayout nav = new HorizontalLayout(brand, catalog, layers, upload, groups, tokens, runners,
                accounts);
        nav.setAlignItems(FlexComponent.Alignment.BASELINE);
        nav.setSpacing(true);
        HorizontalLayout header = new HorizontalLayout(nav, user, signIn, signOut);
        header.setWidthFull();
        header.expand(nav);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.addClassNames(LumoUtility.Padding.Horizontal.MEDIUM);
        addToNavbar(header);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        // Read afresh at every page: a session whose account was disabled is signed out here.
        Caller signedIn = PortalSession.caller();
        user.setText(signedIn.signedIn() ? signedIn.username() : "");
        user.setTitle(signedIn.signedIn()
                ? "role: " + signedIn.user().role().name().toLowerCase(java.util.Locale.ROOT) : "");
        signOut.setVisible(signedIn.signedIn());
        signIn.setVisible(!signedIn.signedIn());
        upload.setVisible(signedIn.has(Role.USER)); // viewers only view
        groups.setVisible(signedIn.signedIn());
        tokens.setVisible(signedIn.signedIn());
        runners.setVisible(signedIn.signedIn());
        accounts.setVisible(signedIn.isAdministrator());
        if (!signedIn.signedIn() && !OpenToVisitors.class.isAssignableFrom(event.getNavigationTarget())) {
            event.forwardTo(LoginView.class);
        }
    }
}
