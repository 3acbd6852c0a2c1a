package org.rasterhub.portal.ui.tokens;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import org.rasterhub.portal.security.AccountRejectedException;
import org.rasterhub.portal.security.AccountService;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.security.SignedInUser;
import org.rasterhub.portal.ui.Notices;
import org.rasterhub.portal.ui.PortalSession;

/**
 * Changing one's own password: the current one, then the new one twice. The account is the one signed
 * in at the click: a session that ended meanwhile changes nothing.
 */
final class PasswordForm extends HorizontalLayout {
    private final PasswordField current = new PasswordField("Current password");
    private final PasswordField replacement = new PasswordField("New password");
    private final PasswordField repeated = new PasswordField("New password again");

    PasswordForm(AccountService accounts) {
        current.setId("password-current");
        replacement.setId("password-new");
        replacement.setHelperText("at least " + AccountService.MIN_PASSWORD_LENGTH + " characters");
        repeated.setId("password-repeat");
        for (PasswordField field : new PasswordField[] {current, replacement, repeated}) {
            field.setManualValidation(true);
        }
        Button change = new Button("Change password", e -> change(accounts));
        change.setId("password-change");
        add(current, replacement, repeated, change);
        setAlignItems(FlexComponent.Alignment.BASELINE);
    }

    private void change(AccountService accounts) {
        current.setInvalid(false);
        replacement.setInvalid(false);
        repeated.setInvalid(false);
        if (!replacement.getValue().equals(repeated.getValue())) {
            repeated.setErrorMessage("the two new passwords differ");
            repeated.setInvalid(true);
            return;
        }
        try {
            SignedInUser me = PortalSession.requireUser();
            accounts.setPassword(Caller.of(me), me.username(), current.getValue().toCharArray(),
                    replacement.getValue().toCharArray());
            current.clear();
            replacement.clear();
            repeated.clear();
            Notices.done("Password changed. Use the new one from your next sign-in.");
        } catch (AccountRejectedException refused) {
            PasswordField field = refused.field().equals("currentPassword") ? current : replacement;
            field.setErrorMessage(refused.getMessage().substring(refused.getMessage().indexOf(':') + 1).strip());
            field.setInvalid(true);
        } catch (AccessDeniedException | NotSignedInException e) {
            Notices.error(e.getMessage());
        }
    }
}
