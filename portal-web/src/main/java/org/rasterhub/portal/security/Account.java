package org.rasterhub.portal.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A local account. The password is only ever held as a PBKDF2 hash. */
@Entity
@Table(name = "account")
public class Account {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100, unique = true)
    private String username;

    // The name in lower case, unique: no two accounts differ only by case (V13).
    @Column(name = "username_key", nullable = false, length = 130, unique = true)
    private String usernameKey;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Role role;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "disabled_at")
    private Instant disabledAt;

    protected Account() {
        // for JPA
    }

    Account(String username, String passwordHash, Role role, Instant createdAt) {
        this.username = username;
        this.usernameKey = keyOf(username);
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = createdAt;
    }

    String username() {
        return username;
    }

    /** What makes a user name unique: the name in lower case. */
    static String keyOf(String username) {
        return username.toLowerCase(java.util.Locale.ROOT);
    }

    String passwordHash() {
        return passwordHash;
    }

    Role role() {
        return role;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** When an administrator disabled the account; empty while it is enabled. */
    java.util.Optional<Instant> disabledAt() {
        return java.util.Optional.ofNullable(disabledAt);
    }

    void setDisabledAt(Instant at) {
        disabledAt = at;
    }

    void setRole(Role newRole) {
        role = newRole;
    }

    void setPasswordHash(String newHash) {
        passwordHash = newHash;
    }

    SignedInUser asUser() {
        return new SignedInUser(username, role);
    }
}
