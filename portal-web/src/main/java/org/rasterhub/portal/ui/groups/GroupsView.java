package org.rasterhub.portal.ui.groups;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;
import java.util.List;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.AccountInfo;
import org.rasterhub.portal.security.AccountRejectedException;
import org.rasterhub.portal.security.AccountService;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.GroupInfo;
import org.rasterhub.portal.security.GroupNotFoundException;
import org.rasterhub.portal.security.GroupService;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.security.Role;
import org.rasterhub.portal.ui.Notices;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.layout.MainLayout;

/**
 * Every group with its owner and members, so items can be shared with them. Users and above create
 * groups; a group's owner or an administrator sets its members. Each action asks the group service
 * for the caller as they are at the click ({@link PortalSession}), not as the page was drawn for.
 */
@Route(value = "groups", layout = MainLayout.class)
@PageTitle("Groups · RasterHub")
public class GroupsView extends VerticalLayout implements BeforeEnterObserver {
    private final GroupService groups;
    private final AccountService accounts;
    private final TextField name = new TextField("Name");
    private final TextField description = new TextField("Description");
    private final Grid<GroupInfo> grid = new Grid<>(GroupInfo.class, false);
    private final VerticalLayout invitations = new VerticalLayout();

    @Inject
    public GroupsView(GroupService groups, AccountService accounts) {
        this.groups = groups;
        this.accounts = accounts;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        Caller caller = PortalSession.caller();
        if (!caller.signedIn()) {
            return; // MainLayout sends visitors to the sign-in page
        }
        add(new H2("Groups"));
        invitations.setId("group-invitations");
        invitations.setPadding(false);
        add(invitations);
        if (caller.has(Role.USER)) {
            add(new H3("New group"), newGroupForm());
        } else {
            add(new Paragraph("Viewers see groups but cannot create them."));
        }
        add(new H3("All groups"), grid(caller.username(), caller.isAdministrator()));
        refresh();
    }

    private HorizontalLayout newGroupForm() {
        name.setId("group-name");
        name.setManualValidation(true);
        description.setId("group-description");
        description.setManualValidation(true);
        description.setWidth("24em");
        Button create = new Button("Create group", e -> {
            name.setInvalid(false);
            description.setInvalid(false);
            try {
                GroupInfo created = groups.create(PortalSession.caller(), name.getValue(), description.getValue());
                name.clear();
                description.clear();
                Notices.done("Group " + created.name() + " was created; you own it and are its first member.");
                refresh();
            } catch (AccountRejectedException ex) {
                TextField field = ex.field().equals("description") ? description : name;
                field.setErrorMessage(ex.getMessage().substring(ex.getMessage().indexOf(':') + 1).strip());
                field.setInvalid(true);
            } catch (AccessDeniedException | NotSignedInException ex) {
                Notices.error(ex.getMessage());
            }
        });
        create.setId("group-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(name, description, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        return form;
    }

    /** The members and delete buttons show for the groups {@code me} owns, or all for an administrator. */
    private Grid<GroupInfo> grid(String me, boolean administrator) {
        grid.setId("groups-grid");
        grid.removeAllColumns();
        grid.addColumn(GroupInfo::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(g -> g.description() == null ? "" : g.description()).setHeader("Description").setFlexGrow(2);
        grid.addColumn(GroupInfo::owner).setHeader("Owner").setAutoWidth(true);
        grid.addColumn(g -> String.join(", ", g.members())
                + (g.invited().isEmpty() ? "" : " (invited: " + String.join(", ", g.invited()) + ")"))
                .setHeader("Members").setFlexGrow(2);
        grid.addComponentColumn(g -> {
            if (!g.owner().equals(me) && !administrator) {
                return new Span();
            }
            Button members = new Button("Members…", e -> new MembersDialog(groups, g, knownUsernames(),
                    this::refresh).open());
            members.setId("group-members-" + g.id());
            members.getElement().setAttribute("data-group", g.name());
            members.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            Button delete = new Button("Delete…", e -> confirmDelete(g));
            delete.setId("group-delete-" + g.id());
            delete.getElement().setAttribute("data-group-delete", g.name());
            delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            return new HorizontalLayout(members, delete);
        }).setAutoWidth(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        return grid;
    }

    private void confirmDelete(GroupInfo group) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Delete the group " + group.name() + "?");
        dialog.add(new Paragraph("Items shared with it are no longer shared with its " + group.members().size()
                + " members (they keep their other ways in). The items themselves stay."));
        Button delete = new Button("Delete group", e -> {
            try {
                groups.delete(PortalSession.caller(), group.id());
                Notices.done("Group " + group.name() + " was deleted.");
            } catch (AccessDeniedException | GroupNotFoundException | NotSignedInException ex) {
                Notices.error(ex.getMessage());
            }
            dialog.close();
            refresh();
        });
        delete.setId("group-delete-confirm");
        delete.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), delete);
        dialog.open();
    }

    /** Administrators pick from every account; others type usernames, since only administrators list accounts. */
    private List<String> knownUsernames() {
        Caller caller = PortalSession.caller();
        return caller.isAdministrator() ? accounts.accounts(caller).stream().map(AccountInfo::username).toList()
                : List.of();
    }

    /** Lists the groups and the caller's invitations again; a session that ended meanwhile keeps them. */
    private void refresh() {
        try {
            grid.setItems(groups.list(PortalSession.caller()));
            showInvitations(groups.invitations(PortalSession.caller()));
        } catch (NotSignedInException e) {
            Notices.error(e.getMessage());
        }
    }

    /** Each group that invites the caller, with Accept and Decline: nobody joins a group unasked. */
    private void showInvitations(List<GroupInfo> inviting) {
        invitations.removeAll();
        if (inviting.isEmpty()) {
            return;
        }
        invitations.add(new H3("Invitations"));
        for (GroupInfo group : inviting) {
            Button accept = new Button("Accept", e -> answer(group, true));
            accept.setId("invitation-accept-" + group.id());
            accept.getElement().setAttribute("data-invitation", group.name());
            accept.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
            Button decline = new Button("Decline", e -> answer(group, false));
            decline.setId("invitation-decline-" + group.id());
            decline.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            HorizontalLayout row = new HorizontalLayout(new Span(group.owner() + " invites you to " + group.name()),
                    accept, decline);
            row.setAlignItems(FlexComponent.Alignment.BASELINE);
            invitations.add(row);
        }
    }

    private void answer(GroupInfo group, boolean accept) {
        try {
            if (accept) {
                groups.accept(PortalSession.caller(), group.id());
                Notices.done("You joined " + group.name() + ".");
            } else {
                groups.decline(PortalSession.caller(), group.id());
                Notices.done("You declined " + group.name() + ".");
            }
        } catch (GroupNotFoundException | NotSignedInException e) {
            Notices.error(e.getMessage());
        }
        refresh();
    }
}
