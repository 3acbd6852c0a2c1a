package org.rasterhub.portal.security;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** A named set of accounts that items can be shared with. Its owner and administrators manage it. */
@Entity
@Table(name = "portal_group")
public class PortalGroup {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100, unique = true)
    private String name;

    @Column(length = 1000)
    private String description;

    @Column(nullable = false, length = 100)
    private String owner;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "group_member", joinColumns = @JoinColumn(name = "group_id"))
    @Column(name = "username", nullable = false, length = 100)
    private Set<String> members = new TreeSet<>();

    // Invited names in lower case, whether or not an account has them (V14).
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "group_invitation", joinColumns = @JoinColumn(name = "group_id"))
    @Column(name = "username_key", nullable = false, length = 130)
    private Set<String> invited = new TreeSet<>();

    protected PortalGroup() {
        // for JPA
    }

    PortalGroup(String name, String description, String owner, Instant createdAt) {
        this.name = name;
        this.description = description;
        this.owner = owner;
        this.createdAt = createdAt;
        this.members.add(owner);
    }

    long id() {
        return id;
    }

    String name() {
        return name;
    }

    String owner() {
        return owner;
    }

    Set<String> members() {
        return Collections.unmodifiableSet(members);
    }

    void setMembers(Set<String> usernames) {
        members.clear();
        members.addAll(usernames);
        invited.removeIf(key -> usernames.stream().anyMatch(u -> Account.keyOf(u).equals(key)));
    }

    Set<String> invited() {
        return Collections.unmodifiableSet(invited);
    }

    void setInvited(Set<String> keys) {
        invited.clear();
        invited.addAll(keys);
    }

    /** Turns the invitation of this account into membership; false when it has none. */
    boolean accept(String username) {
        if (!invited.remove(Account.keyOf(username))) {
            return false;
        }
        members.add(username);
        return true;
    }

    boolean decline(String username) {
        return invited.remove(Account.keyOf(username));
    }

    GroupInfo info() {
        return new GroupInfo(id, name, description, owner, createdAt, members.stream().sorted().toList(),
                invited.stream().sorted().toList());
    }
}
