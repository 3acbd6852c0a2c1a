package org.rasterhub.portal.catalog;

import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Set;
import org.rasterhub.core.catalog.Shareable;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.Role;

/**
 * Who may do what to an item or a result layer: the one place the rules live (docs/accounts.md has
 * the table).
 * <ul>
 *   <li>view, search, download: administrators, the owner, and whoever the sharing level lets see it
 *       (public: everyone; organization: every signed-in account; groups: members of a shared group);
 *   <li>edit, share, delete, add versions: the owner (while a User or above) and administrators;
 *   <li>run: Publishers and above who may view it.
 * </ul>
 * An item the caller may not view does not exist for them: it is answered 404, never 403.
 *
 * @param groups ids of the groups the caller belongs to
 */
public record ItemAccess(Caller caller, Set<Long> groups) {

    public boolean canView(Shareable item) {
        return caller.isAdministrator()
                || caller.is(item.owner())
                || item.sharing() == Sharing.PUBLIC
                || caller.signedIn() && item.sharing() == Sharing.ORGANIZATION
                || caller.signedIn() && item.sharing() != Sharing.PRIVATE
                   && item.groups().stream().anyMatch(groups::contains);
    }

    public boolean canManage(Shareable item) {
        return caller.isAdministrator() || caller.is(item.owner()) && caller.has(Role.USER);
    }

    public boolean canRun(Shareable item) {
        return caller.has(Role.PUBLISHER) && canView(item);
    }

    public boolean canCreate() {
        return caller.has(Role.USER);
    }

    /**
     * The JPQL condition that {@link #canView} holds for the {@link Shareable} entity {@code alias}
     * (owner, sharing and groups fields), with its parameters bound by {@link #bind}: lists filter in
     * the database, so paging never leaks. The catalog's search uses the SQL form, {@link #viewableSql}.
     */
    public static String viewableCondition(String alias, String entity) {
        return ("(:accessAdmin = true or %1$s.owner = :accessMe or %1$s.sharing = :accessPublic"
                + " or (:accessSignedIn = true and (%1$s.sharing = :accessOrganization"
                + " or %1$s.sharing <> :accessPrivate and exists (select 1 from %2$s accessItem"
                + " join accessItem.groups accessGroup where accessItem = %1$s and accessGroup in :accessGroups))))")
                .formatted(alias, entity);
    }

    public <T> TypedQuery<T> bind(TypedQuery<T> query) {
        return query.setParameter("accessAdmin", caller.isAdministrator())
                .setParameter("accessMe", caller.signedIn() ? caller.username() : "")
                .setParameter("accessPublic", Sharing.PUBLIC)
                .setParameter("accessSignedIn", caller.signedIn())
                .setParameter("accessOrganization", Sharing.ORGANIZATION)
                .setParameter("accessPrivate", Sharing.PRIVATE)
                // "in ()" is not valid SQL: an id no group has stands for none
                .setParameter("accessGroups", groups.isEmpty() ? List.of(-1L) : List.copyOf(groups));
    }

    /**
     * Whether the caller may share a result layer beyond themselves: publishing layers is the
     * Publisher's privilege, on top of managing the layer.
     */
    public boolean canPublish(Shareable layer) {
        return canManage(layer) && caller.has(Role.PUBLISHER);
    }

    /**
     * The SQL form of {@link #canView} for a row {@code alias} with the item's {@code owner} and
     * {@code sharing} columns and its id in {@code idColumn} ({@code catalog_item} or the search
     * index's copy), for native queries; its parameters are appended to {@code parameters} in order.
     * Written for this caller, so an anonymous or administrator query carries no condition the
     * database cannot use.
     */
    public String viewableSql(String alias, String idColumn, List<Object> parameters) {
        if (caller.isAdministrator()) {
            return "1 = 1";
        }
        if (!caller.signedIn()) {
            return alias + ".sharing = '" + Sharing.PUBLIC.name() + "'";
        }
        parameters.add(caller.username());
        StringBuilder sql = new StringBuilder("(").append(alias).append(".owner = ? OR ").append(alias)
                .append(".sharing IN ('").append(Sharing.PUBLIC.name()).append("', '")
                .append(Sharing.ORGANIZATION.name()).append("')");
        if (!groups.isEmpty()) {
            // as canView: a private item stays private to members of the groups it was shared with
            sql.append(" OR ").append(alias).append(".sharing <> '").append(Sharing.PRIVATE.name())
                    .append("' AND EXISTS (SELECT 1 FROM item_group access_group WHERE access_group.item_id = ")
                    .append(alias).append('.').append(idColumn).append(" AND access_group.group_id IN (")
                    .append(String.join(", ", java.util.Collections.nCopies(groups.size(), "?"))).append("))");
            parameters.addAll(groups);
        }
        return sql.append(")").toString();
    }

    /** Which of edit/share/delete/run the caller may do, for the item page and clients. */
    public List<String> allowedActions(Shareable item) {
        List<String> allowed = new java.util.ArrayList<>();
        if (canView(item)) {
            allowed.add("view");
            allowed.add("download");
        }
        if (canManage(item)) {
            allowed.addAll(List.of("edit", "share", "delete"));
        }
        if (canRun(item)) {
            allowed.add("run");
        }
        return List.copyOf(allowed);
    }
}
