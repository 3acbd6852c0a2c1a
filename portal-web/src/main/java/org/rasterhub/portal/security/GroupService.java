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
 * Groups of accounts. Users (and above) create groups and own them; the owner or an administrator
 * sets the members. Every signed-in account sees the list of groups, so it can share with them.
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

    /** Replaces the members; the owner always stays a member. */
    public GroupInfo setMembers(Caller caller, long id, Collection<String> usernames) {
        PortalGroup group = requireManager(caller, id);
        Set<String> members = new TreeSet<>();
        for (String username : usernames) {
            if (!accounts.exists(username)) {
                throw new AccountRejectedException("members", "no account \"" + username + "\"");
            }
            members.add(username);
        }
        members.add(group.owner());
        group.setMembers(members);
        return group.info();
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
