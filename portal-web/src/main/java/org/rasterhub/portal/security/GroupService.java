package org.rasterhub.portal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Groups of accounts. Users (and above) create groups and own them. An administrator sets the members
 * directly; an owner <em>invites</em> accounts, which join when they accept, so nobody is enrolled
 * without consent and an owner learns nothing about which accounts exist (an invitation to a name no
 * account has is kept like any other). Every signed-in account sees the list of groups, so it can share
 * with them.
 */
@ApplicationScoped
@Transactional
public class GroupService {
    public static final int MAX_NAME_LENGTH = 100;

    @PersistenceContext(unitName = "rasterhub")
    private EntityManager entityManager;

    private final AccountService accounts;
    private final Clock clock;

    @Inject
    public GroupService(AccountService accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    protected GroupService() {
        this(null, null); // for the CDI proxy only
    }

    public GroupInfo create(Caller caller, String name, String description) {
        requireSignedIn(caller);
        if (!caller.has(Role.USER)) {
            throw new AccessDeniedException("viewers cannot create groups");
        }
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw new AccountRejectedException("name", "1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (description != null && description.length() > 1000) {
            throw new AccountRejectedException("description", "at most 1000 characters");
        }
        boolean taken = !entityManager.createQuery("select g.id from PortalGroup g where lower(g.name) = :name",
                Long.class).setParameter("name", trimmed.toLowerCase(java.util.Locale.ROOT)).getResultList().isEmpty();
        if (taken) {
            throw new AccountRejectedException("name", "a group \"" + trimmed + "\" exists already");
        }
        PortalGroup group = new PortalGroup(trimmed, description, caller.username(), clock.instant());
        entityManager.persist(group);
        entityManager.flush();
        return group.info();
    }

    /** All groups by name. */
    public List<GroupInfo> list(Caller caller) {
        requireSignedIn(caller);
        return entityManager.createQuery("select g from PortalGroup g order by lower(g.name)", PortalGroup.class)
                .getResultStream().map(PortalGroup::info).toList();
    }

    public GroupInfo get(Caller caller, long id) {
        requireSignedIn(caller);
        return existing(id).info();
    }

    /**
     * Sets who belongs to the group; the owner always stays a member. An administrator enrols the
     * accounts at once (a name no account has is refused). The owner removes members at once and
     * invites the names that are not members yet: they join when they accept ({@link #accept}).
     */
    public GroupInfo setMembers(Caller caller, long id, Collection<String> usernames) {
        PortalGroup group = requireManager(caller, id);
        Set<String> wanted = new TreeSet<>();
        for (String username : usernames) {
            String name = username == null ? "" : username.strip();
            if (!AccountService.isWellFormedUsername(name)) {
                throw new AccountRejectedException("members", "\"" + name + "\" is no user name: 2 to 100 letters,"
                        + " digits, '.', '_' or '-'");
            }
            wanted.add(name);
        }
        if (caller.isAdministrator()) {
            Set<String> members = new TreeSet<>();
            for (String username : wanted) {
                if (!accounts.exists(username)) {
                    throw new AccountRejectedException("members", "no account \"" + username + "\"");
                }
                members.add(username);
            }
            members.add(group.owner());
            group.setMembers(members);
            return group.info();
        }
        Set<String> wantedKeys = new TreeSet<>();
        wanted.forEach(name -> wantedKeys.add(Account.keyOf(name)));
        Set<String> members = new TreeSet<>();
        for (String member : group.members()) {
            if (wantedKeys.remove(Account.keyOf(member))) {
                members.add(member);
            }
        }
        members.add(group.owner());
        wantedKeys.remove(Account.keyOf(group.owner()));
        group.setMembers(members);
        group.setInvited(wantedKeys);
        return group.info();
    }

    /** The groups that invite the caller, by name. */
    public List<GroupInfo> invitations(Caller caller) {
        requireSignedIn(caller);
        return entityManager.createQuery("select g from PortalGroup g join g.invited i where i = :key"
                        + " order by lower(g.name)", PortalGroup.class)
                .setParameter("key", Account.keyOf(caller.username())).getResultStream().map(PortalGroup::info).toList();
    }

    /**
     * Accepts the group's invitation: the caller becomes a member.
     *
     * @throws GroupNotFoundException when the group does not invite the caller (or does not exist)
     */
    public GroupInfo accept(Caller caller, long id) {
        requireSignedIn(caller);
        PortalGroup group = entityManager.find(PortalGroup.class, id);
        if (group == null || !group.accept(caller.username())) {
            throw new GroupNotFoundException(id);
        }
        return group.info();
    }

    /**
     * Declines the group's invitation.
     *
     * @throws GroupNotFoundException when the group does not invite the caller (or does not exist)
     */
    public void decline(Caller caller, long id) {
        requireSignedIn(caller);
        PortalGroup group = entityManager.find(PortalGroup.class, id);
        if (group == null || !group.decline(caller.username())) {
            throw new GroupNotFoundException(id);
        }
    }

    public void delete(Caller caller, long id) {
        entityManager.remove(requireManager(caller, id));
    }

    /** Ids of the groups this account belongs to. */
    public Set<Long> groupsOf(String username) {
        if (username == null) {
            return Set.of();
        }
        return new TreeSet<>(entityManager.createQuery(
                        "select g.id from PortalGroup g join g.members m where m = :username", Long.class)
                .setParameter("username", username).getResultList());
    }

    /** Whether all these ids name groups. */
    public boolean allExist(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return true;
        }
        Long found = entityManager.createQuery("select count(g) from PortalGroup g where g.id in :ids", Long.class)
                .setParameter("ids", Set.copyOf(ids)).getSingleResult();
        return found == Set.copyOf(ids).size();
    }

    private PortalGroup requireManager(Caller caller, long id) {
        requireSignedIn(caller);
        PortalGroup group = existing(id);
        if (!caller.is(group.owner()) && !caller.isAdministrator()) {
            throw new AccessDeniedException("only the owner of group \"" + group.name() + "\" (" + group.owner()
                    + ") or an administrator may change it");
        }
        return group;
    }

    private PortalGroup existing(long id) {
        PortalGroup group = entityManager.find(PortalGroup.class, id);
        if (group == null) {
            throw new GroupNotFoundException(id);
        }
        return group;
    }

    private static void requireSignedIn(Caller caller) {
        if (!caller.signedIn()) {
            throw new NotSignedInException("sign in to see and manage groups");
        }
    }
}
