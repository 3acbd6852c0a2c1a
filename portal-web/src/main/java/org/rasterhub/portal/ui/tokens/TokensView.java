package org.rasterhub.portal.ui.tokens;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import org.rasterhub.portal.security.AccountRejectedException;
import org.rasterhub.portal.security.AccountService;
import org.rasterhub.portal.security.ApiTokenService;
import org.rasterhub.portal.security.CreatedToken;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.security.TokenInfo;
import org.rasterhub.portal.ui.Notices;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.layout.MainLayout;

/**
 * The signed-in user's API tokens for {@code Authorization: Bearer …}. A new token is shown once,
 * right after it is made: only its hash is kept, so it cannot be shown again. Creating and revoking
 * act for the user as they are at the click ({@link PortalSession}), not as the page was drawn for.
 */
@Route(value = "tokens", layout = MainLayout.class)
@PageTitle("My tokens · RasterHub")
public class TokensView extends VerticalLayout implements BeforeEnterObserver {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
            .withZone(ZoneId.systemDefault());

    private final ApiTokenService tokens;
    private final AccountService accounts;
    private final Clock clock;
    private final TextField name = new TextField("Name");
    private final IntegerField days = new IntegerField("Valid for days");
    private final Div created = new Div();
    private final Grid<TokenInfo> grid = new Grid<>(TokenInfo.class, false);

    @Inject
    public TokensView(ApiTokenService tokens, AccountService accounts, Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        if (!PortalSession.caller().signedIn()) {
            return; // MainLayout sends visitors to the sign-in page
        }
        created.setId("token-created");
        created.removeAll();
        created.setVisible(false);
        add(new H2("My API tokens"),
                new Paragraph("Scripts and tools send a token as \"Authorization: Bearer <token>\" instead of your "
                        + "password. A token acts as you, with your role; revoke it when it is no longer needed."),
                new H3("New token"), newTokenForm(), created, new H3("Your tokens"), grid(),
                new H3("Your password"), new PasswordForm(accounts));
        refresh();
    }

    private HorizontalLayout newTokenForm() {
        name.setId("token-name");
        name.setPlaceholder("nightly-sync");
        name.setHelperText("to tell it apart later");
        name.setManualValidation(true);
        days.setId("token-days");
        days.setMin(1);
        days.setMax(ApiTokenService.MAX_DAYS);
        days.setHelperText("empty: never expires");
        days.setManualValidation(true);
        Button create = new Button("Create token", e -> create());
        create.setId("token-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(name, days, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        return form;
    }

    private void create() {
        name.setInvalid(false);
        days.setInvalid(false);
        try {
            CreatedToken token = tokens.create(PortalSession.caller(), name.getValue(), days.getValue());
            name.clear();
            days.clear();
            show(token);
            refresh();
        } catch (AccountRejectedException e) {
            refuse(e.field().equals("days") ? days : name,
                    e.getMessage().substring(e.getMessage().indexOf(':') + 1).strip());
        } catch (NotSignedInException e) {
            Notices.error(e.getMessage());
        }
    }

    private void show(CreatedToken token) {
        TextField value = new TextField("Token “" + token.info().name() + "”");
        value.setId("token-value");
        value.setValue(token.token());
        value.setReadOnly(true);
        value.setWidth("36em");
        Button copy = new Button("Copy", e -> {
            // The Clipboard API needs a secure context (https or localhost); elsewhere the selected
            // text is copied by hand.
            value.getElement().executeJs("const input = this.inputElement; input.select();"
                    + " if (navigator.clipboard) { navigator.clipboard.writeText(input.value); }");
            Notices.done("Copied. Keep it somewhere safe.");
        });
        copy.setId("token-copy");
        HorizontalLayout row = new HorizontalLayout(value, copy);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        Paragraph hint = new Paragraph("Copy this token now: it is shown only this once. RasterHub keeps only its "
                + "hash and cannot show it again; if you lose it, revoke it and create another.");
        hint.getStyle().set("font-weight", "600");
        created.removeAll();
        created.add(hint, row);
        created.getStyle().set("background", "var(--lumo-success-color-10pct)").set("padding", "var(--lumo-space-m)")
                .set("border-radius", "var(--lumo-border-radius-m)");
        created.setVisible(true);
    }

    private Grid<TokenInfo> grid() {
        grid.setId("tokens-grid");
        grid.removeAllColumns();
        grid.addColumn(TokenInfo::name).setHeader("Name").setFlexGrow(2);
        grid.addColumn(TokenInfo::prefix).setHeader("Starts with").setAutoWidth(true);
        grid.addColumn(t -> WHEN.format(t.created())).setHeader("Created").setAutoWidth(true);
        grid.addColumn(t -> t.expires() == null ? "never" : WHEN.format(t.expires())).setHeader("Expires")
                .setAutoWidth(true);
        grid.addColumn(t -> t.lastUsed() == null ? "never" : WHEN.format(t.lastUsed())).setHeader("Last used")
                .setAutoWidth(true);
        grid.addColumn(this::state).setHeader("State").setAutoWidth(true);
        grid.addComponentColumn(t -> {
            if (!state(t).equals("active")) {
                return new Span();
            }
            Button revoke = new Button("Revoke", e -> {
                try {
                    tokens.revoke(PortalSession.caller(), t.id());
                    Notices.done("Token “" + t.name() + "” was revoked; requests with it are refused from now on.");
                    refresh();
                } catch (NotSignedInException ex) {
                    Notices.error(ex.getMessage());
                }
            });
            revoke.setId("token-revoke-" + t.id());
            revoke.getElement().setAttribute("data-token", t.name());
            revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            return revoke;
        }).setAutoWidth(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        return grid;
    }

    private String state(TokenInfo token) {
        if (token.revoked() != null) {
            return "revoked";
        }
        return token.expires() != null && !token.expires().isAfter(clock.instant()) ? "expired" : "active";
    }

    private void refresh() {
        grid.setItems(tokens.list(PortalSession.caller()));
    }

    private static void refuse(HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }
}
