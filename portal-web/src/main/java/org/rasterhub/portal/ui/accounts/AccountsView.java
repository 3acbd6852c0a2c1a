package org.rasterhub.portal.ui.accounts;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.AccountInfo;
import org.rasterhub.portal.security.AccountRejectedException;
import org.rasterhub.portal.security.AccountService;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.security.Role;
import org.rasterhub.portal.ui.Notices;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.layout.MainLayout;

/**
 * Administrators list accounts with their roles and groups, create accounts, change roles and passwords.
 * Every action asks the account service for the caller as they are at the click ({@link PortalSession}):
 * an administrator demoted or disabled since the page was drawn is refused, and nothing changes.
 */
@Route(value = "accounts", layout = MainLayout.class)
@PageTitle("Accounts · RasterHub")
public class AccountsView extends VerticalLayout implements BeforeEnterObserver {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
            .withZone(ZoneId.systemDefault());

    private final AccountService accounts;
    private final TextField username = new TextField("Username");
    private final PasswordField password = new PasswordField("Password");
    private final RadioButtonGroup<Role> role = new RadioButtonGroup<>("Role");
    private final Grid<AccountInfo> grid = new Grid<>(AccountInfo.class, false);

    @Inject
    public AccountsView(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        Caller caller = PortalSession.caller();
        add(new H2("Accounts"));
        if (!caller.isAdministrator()) {
            Paragraph denied = new Paragraph("Only administrators manage accounts.");
            denied.setId("accounts-denied");
            add(denied);
            return;
        }
        add(new H3("New account"), newAccountForm(), new H3("All accounts"), grid(caller.username()));
        refresh();
    }

    private HorizontalLayout newAccountForm() {
        username.setId("account-username");
        username.setHelperText("letters, digits, '.', '_' or '-'");
        password.setId("account-password");
        password.setHelperText("at least " + AccountService.MIN_PASSWORD_LENGTH + " characters");
        role.setId("account-role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(AccountsView::label);
        role.setValue(Role.USER);
        // The account rules decide what is valid; the fields only show their verdict.
        username.setManualValidation(true);
        password.setManualValidation(true);
        role.setManualValidation(true);
        Button create = new Button("Create account", e -> create());
        create.setId("account-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(username, password, role, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        return form;
    }

    private void create() {
        username.setInvalid(false);
        password.setInvalid(false);
        role.setInvalid(false);
        try {
            AccountInfo created = accounts.createAccount(PortalSession.caller(), username.getValue().strip(),
                    password.getValue().toCharArray(), role.getValue());
            username.clear();
            password.clear();
            Notices.done("Account " + created.username() + " (" + label(created.role()) + ") was created.");
            refresh();
        } catch (AccountRejectedException e) {
            switch (e.field()) {
                case "username" -> invalid(username, e);
                case "password" -> invalid(password, e);
                default -> {
                    role.setErrorMessage(e.getMessage());
                    role.setInvalid(true);
                }
            }
        } catch (AccessDeniedException | NotSignedInException e) {
            Notices.error(e.getMessage());
        }
    }

    /** @param me the administrator the page is drawn for, who may not disable themselves */
    private Grid<AccountInfo> grid(String me) {
        grid.setId("accounts-grid");
        grid.removeAllColumns();
        grid.addColumn(AccountInfo::username).setHeader("Username").setAutoWidth(true);
        grid.addColumn(a -> label(a.role())).setHeader("Role").setAutoWidth(true);
        grid.addColumn(a -> String.join(", ", a.groups())).setHeader("Groups").setFlexGrow(2);
        grid.addColumn(a -> WHEN.format(a.created())).setHeader("Created").setAutoWidth(true);
        grid.addColumn(a -> a.disabled() == null ? "enabled" : "disabled " + WHEN.format(a.disabled()))
                .setHeader("Status").setAutoWidth(true);
        grid.addComponentColumn(a -> {
            Button change = new Button("Role or password…", e -> new AccountDialog(accounts, a, this::refresh)
                    .open());
            change.setId("account-change-" + a.username());
            change.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            boolean disabled = a.disabled() != null;
            Button toggle = new Button(disabled ? "Enable" : "Disable", e -> setDisabled(a, !disabled));
            toggle.setId("account-" + (disabled ? "enable-" : "disable-") + a.username());
            toggle.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            toggle.setEnabled(!a.username().equals(me));
            return new HorizontalLayout(change, toggle);
        }).setAutoWidth(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        return grid;
    }

    private void setDisabled(AccountInfo account, boolean disabled) {
        try {
            accounts.setDisabled(PortalSession.caller(), account.username(), disabled);
            Notices.done(disabled ? "Account " + account.username() + " was disabled: it can no longer sign in,"
                    + " and its open sessions and API tokens stop working. Its items stay."
                    : "Account " + account.username() + " was enabled again.");
        } catch (AccountRejectedException | AccessDeniedException | NotSignedInException e) {
            Notices.error(e.getMessage());
        }
        refresh();
    }

    /** Lists the accounts again; a caller who is no longer an administrator sees the list as it was. */
    private void refresh() {
        try {
            grid.setItems(accounts.accounts(PortalSession.caller()));
        } catch (AccessDeniedException | NotSignedInException e) {
            Notices.error(e.getMessage());
        }
    }

    static String label(Role role) {
        return role.name().charAt(0) + role.name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    static void invalid(HasValidation field, AccountRejectedException e) {
        String message = e.getMessage();
        field.setErrorMessage(message.substring(message.indexOf(':') + 1).strip());
        field.setInvalid(true);
    }
}
