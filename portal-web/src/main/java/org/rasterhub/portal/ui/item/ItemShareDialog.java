package org.rasterhub.portal.ui.item;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.catalog.ItemNotFoundException;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.portal.catalog.CatalogService;
import org.rasterhub.portal.catalog.InvalidItemEditException;
import org.rasterhub.portal.catalog.ItemDetails;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.GroupInfo;
import org.rasterhub.portal.security.GroupService;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.ui.Notices;
import org.rasterhub.portal.ui.PortalSession;

/**
 * Who sees an item: a level, and the groups it is shared with. The groups offered are those the
 * caller belongs to (administrators: all) plus those the item is shared with already, which the
 * catalog lets stay even after the caller left them. Saving asks the catalog for the caller as they
 * are then, not as they were when the dialog opened.
 */
class ItemShareDialog extends Dialog {
    private final RadioButtonGroup<Sharing> level = new RadioButtonGroup<>("Who sees this item");
    private final MultiSelectComboBox<GroupInfo> groups = new MultiSelectComboBox<>("Groups");

    ItemShareDialog(CatalogService catalog, GroupService groupService, ItemDetails item,
                    Consumer<ItemDetails> changed) {
        setHeaderTitle("Share “" + item.title() + "”");
        setWidth("36em");
        level.setId("share-level");
        level.setItems(Sharing.values());
        level.setItemLabelGenerator(ItemShareDialog::label);
        level.addThemeVariants(RadioGroupVariant.LUMO_VERTICAL);
        level.setValue(item.sharing());

        Set<Long> sharedWith = item.groups().stream().map(ItemDetails.SharedGroup::id).collect(Collectors.toSet());
        Caller caller = PortalSession.caller(); // only to choose what is offered
        boolean administrator = caller.isAdministrator();
        String username = caller.username();
        List<GroupInfo> offered = !caller.signedIn() ? List.of() : groupService.list(caller).stream()
                .filter(g -> administrator || g.members().contains(username) || sharedWith.contains(g.id()))
                .toList();
        groups.setId("share-groups");
        groups.setWidthFull();
        groups.setItems(offered);
        groups.setItemLabelGenerator(GroupInfo::name);
        groups.setValue(offered.stream().filter(g -> sharedWith.contains(g.id())).collect(Collectors.toSet()));
        groups.setManualValidation(true);
        groups.setHelperText(offered.isEmpty() ? "You belong to no group yet: create one under Groups."
                : "Members of these groups see the item at every level except Private.");
        level.addValueChangeListener(e -> groups.setEnabled(e.getValue() != Sharing.PRIVATE));
        groups.setEnabled(item.sharing() != Sharing.PRIVATE);

        add(level, groups, new Paragraph("Administrators and the owner, " + item.owner() + ", always see it."));

        Button save = new Button("Save", e -> {
            groups.setInvalid(false);
            Sharing chosen = level.getValue();
            // Private means the owner alone and the catalog drops the groups; say so by sending none.
            List<Long> ids = chosen == Sharing.PRIVATE ? List.of()
                    : groups.getValue().stream().map(GroupInfo::id).sorted().toList();
            if (chosen == Sharing.GROUPS && ids.isEmpty()) {
                refuse("pick at least one group, or choose Private");
                return;
            }
            try {
                ItemDetails updated = catalog.share(new ItemId(item.id()), PortalSession.caller(), chosen, ids);
                close();
                changed.accept(updated);
            } catch (InvalidItemEditException ex) {
                refuse(ex.getMessage());
            } catch (AccessDeniedException ex) {
                refuse(ex.getMessage()); // sharing with a group the caller does not belong to
            } catch (ItemNotFoundException | NotSignedInException ex) {
                close();
                Notices.error(ex.getMessage() + ". Nothing was changed.");
            }
        });
        save.setId("share-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("share-cancel");
        getFooter().add(cancel, save);
    }

    static String label(Sharing level) {
        return switch (level) {
            case PRIVATE -> "Private: only the owner and administrators";
            case GROUPS -> "Groups: members of the groups chosen below";
            case ORGANIZATION -> "Organization: everyone signed in";
            case PUBLIC -> "Public: everyone, also visitors who have not signed in";
        };
    }

    private void refuse(String message) {
        groups.setErrorMessage(message);
        groups.setInvalid(true);
    }
}
