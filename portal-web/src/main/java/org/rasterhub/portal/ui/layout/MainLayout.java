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
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.catalog.CatalogView;
import org.rasterhub.portal.ui.login.LoginView;
import org.rasterhub.portal.ui.upload.UploadView;

/** Header with navigation; sends visitors who have not signed in to the sign-in page. */
public class MainLayout extends AppLayout implements BeforeEnterObserver {
    private final Span user = new Span();

    public MainLayout() {
        H1 brand = new H1("RasterHub");
        brand.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.Margin.NONE);

        RouterLink catalog = new RouterLink("Catalog", CatalogView.class);
        catalog.setId("nav-catalog");
        RouterLink upload = new RouterLink("Upload", UploadView.class);
        upload.setId("nav-upload");

        Button signOut = new Button("Sign out", e -> {
            PortalSession.signOut();
            getUI().ifPresent(ui -> ui.getPage().setLocation("login"));
        });
        signOut.setId("sign-out");
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        user.setId("signed-in-user");

        HorizontalLayout nav = new HorizontalLayout(brand, catalog, upload);
        nav.setAlignItems(FlexComponent.Alignment.BASELINE);
        nav.setSpacing(true);
        HorizontalLayout header = new HorizontalLayout(nav, user, signOut);
        header.setWidthFull();
        header.expand(nav);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.addClassNames(LumoUtility.Padding.Horizontal.MEDIUM);
        addToNavbar(header);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        PortalSession.user().ifPresentOrElse(
                signedIn -> user.setText(signedIn.username()),
                () -> event.forwardTo(LoginView.class));
    }
}
