package org.rasterhub.portal.ui.accounts;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.PasswordField;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.AccountInfo;
import org.rasterhub.portal.security.AccountRejectedException;
import org.rasterhub.portal.security.AccountService;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.security.Role;
import org.rasterhub.portal.ui.Notices;
import org.rasterhub.portal.ui.PortalSession;

/**
 * One account's role, and a new password for it; each saved on its own, for the administrator as they
 * are at the click, not as they were when the dialog opened.
 */
class AccountDialog extends Dialog {
    private final RadioButtonGroup<Role> role = new RadioButtonGroup<>("Role");
    private final PasswordField password = new PasswordField("New password");

    AccountDialog(AccountService accounts, AccountInfo account, Runnable changed) {
        setHeaderTitle("Account " + account.username());
        role.setId("account-edit-role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(AccountsView::label);
        role.setValue(account.role());
        role.setManualValidation(true);
        Button saveRole = new Button("Save role", e -> {
            role.setInvalid(false);
            try {
                AccountInfo updated = accounts.setRole(PortalSession.caller(), account.username(), role.getValue());
                Notices.done(updated.username() + " is now " + AccountsView.label(updated.role()) + ".");
                changed.run();
                close();
            } catch (AccountRejectedException ex) {
                AccountsView.invalid(role, ex);
            } catch (AccessDeniedException | NotSignedInException ex) {
                Notices.error(ex.getMessage());
            }
        });
        saveRole.setId("account-edit-role-save");

        password.setId("account-edit-password");
        password.setHelperText("at least " + AccountService.MIN_PASSWORD_LENGTH + " characters");
        password.setManualValidation(true);
        Button savePassword = new Button("Set password", e -> {
            password.setInvalid(false);
            try {
                // Administrators set anyone's password without the current one.
                accounts.setPassword(PortalSession.caller(), account.username(), null,
                        password.getValue().toCharArray());
                Notices.done("The password of " + account.username() + " was changed.");
                close();
            } catch (AccountRejectedException ex) {
                AccountsView.invalid(password, ex);
            } catch (AccessDeniedException | NotSignedInException ex) {
                Notices.error(ex.getMessage());
            }
        });
        savePassword.setId("account-edit-password-save");

        HorizontalLayout roleRow = new HorizontalLayout(role, saveRole);
        roleRow.setAlignItems(FlexComponent.Alignment.BASELINE);
        HorizontalLayout passwordRow = new HorizontalLayout(password, savePassword);
        passwordRow.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(new H4("Role"), roleRow, new H4("Password"), passwordRow);
        Button done = new Button("Close", e -> close());
        done.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        getFooter().add(done);
    }
}
