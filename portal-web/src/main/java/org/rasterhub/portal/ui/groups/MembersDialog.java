package org.rasterhub.portal.ui.groups;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.AccountRejectedException;
import org.rasterhub.portal.security.GroupInfo;
import org.rasterhub.portal.security.GroupNotFoundException;
import org.rasterhub.portal.security.GroupService;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.ui.Notices;
import org.rasterhub.portal.ui.PortalSession;

/**
 * The members of one group. Usernames can be typed (Enter adds one), since only administrators may
 * list accounts. An administrator enrols them (a name no account has is refused at the field); the
 * owner invites them, and they join when they accept. Saving acts for the caller as they are at the
 * click, not as they were when the dialog opened.
 */
class MembersDialog extends Dialog {
    private final MultiSelectComboBox<String> members = new MultiSelectComboBox<>("Members");
    private final Set<String> offered = new TreeSet<>();

    MembersDialog(GroupService groups, GroupInfo group, List<String> knownUsernames, Runnable changed) {
        setHeaderTitle("Members of " + group.name());
        setWidth("32em");
        offered.addAll(knownUsernames);
        offered.addAll(group.members());
        offered.addAll(group.invited());   // kept on saving again: invitations stand until answered
        members.setId("group-members-field");
        members.setWidthFull();
        members.setItems(offered);
        Set<String> current = new LinkedHashSet<>(group.members());
        current.addAll(group.invited());
        members.setValue(current);
        members.setAllowCustomValue(true);
        members.setManualValidation(true);
        members.setHelperText("Type a username and press Enter to add it. The owner, " + group.owner()
                + ", always stays a member.");
        members.addCustomValueSetListener(e -> {
            String username = e.getDetail().strip();
            if (username.isEmpty()) {
                return;
            }
            Set<String> chosen = new LinkedHashSet<>(members.getValue());
            offered.add(username);
            members.setItems(offered);
            chosen.add(username);
            members.setValue(chosen);
        });
        add(members, new Paragraph("Members see the items shared with " + group.name() + "."));

        Button save = new Button("Save members", e -> {
            members.setInvalid(false);
            try {
                GroupInfo updated = groups.setMembers(PortalSession.caller(), group.id(), members.getValue());
                Notices.done(updated.name() + " has " + updated.members().size() + " members"
                        + (updated.invited().isEmpty() ? "." : "; invited (they join when they accept): "
                        + String.join(", ", updated.invited()) + "."));
                changed.run();
                close();
            } catch (AccountRejectedException ex) {
                members.setErrorMessage(ex.getMessage().substring(ex.getMessage().indexOf(':') + 1).strip()
                        + "; nothing was changed");
                members.setInvalid(true);
            } catch (AccessDeniedException | GroupNotFoundException | NotSignedInException ex) {
                close();
                Notices.error(ex.getMessage());
            }
        });
        save.setId("group-members-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, save);
    }
}
