package org.rasterhub.portal.ui.tokens;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import org.rasterhub.portal.security.AccountRejectedException;
import org.rasterhub.portal.security.AccountService;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.ui.Notices;

/** Changing one's own password: the current one, then the new one twice. */
final class PasswordForm extends HorizontalLayout {
    private final PasswordField current = new PasswordField("Current password");
    private final PasswordField replacement = new PasswordField("New password");
    private final PasswordField repeated = new PasswordField("New password again");

    PasswordForm(AccountService accounts, Caller caller) {
        current.setId("password-current");
        replacement.setId("password-new");
        replacement.setHelperText("at least " + AccountService.MIN_PASSWORD_LENGTH + " characters");
        repeated.setId("password-repeat");
        for (PasswordField field : new PasswordField[] {current, replacement, repeated}) {
            field.setManualValidation(true);
        }
        Button change = new Button("Change password", e -> change(accounts, caller));
        change.setId("password-change");
        add(current, replacement, repeated, change);
        setAlignItems(FlexComponent.Alignment.BASELINE);
    }

    private void change(AccountService accounts, Caller caller) {
        current.setInvalid(false);
        replacement.setInvalid(false);
        repeated.setInvalid(false);
        if (!replacement.getValue().equals(repeated.getValue())) {
            repeated.setErrorMessage("the two new passwords differ");
            repeated.setInvalid(true);
            return;
        }
        try {
            accounts.setPassword(caller, caller.username(), current.getValue().toCharArray(),
                    replacement.getValue().toCharArray());
            current.clear();
            replacement.clear();
            repeated.clear();
            Notices.done("Password changed. Use the new one from your next sign-in.");
        } catch (AccountRejectedException refused) {
            PasswordField field = refused.field().equals("currentPassword") ? current : replacement;
            field.setErrorMessage(refused.getMessage().substring(refused.getMessage().indexOf(':') + 1).strip());
            field.setInvalid(true);
        }
    }
}
